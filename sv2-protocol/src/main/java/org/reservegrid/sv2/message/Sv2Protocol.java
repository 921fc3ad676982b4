package org.reservegrid.sv2.message;

import java.util.Optional;

/**
 * The {@code protocol} values of {@link SetupConnection} (spec §3.6.1). The field stays a raw U8 in the record so
 * that unknown values can be answered with {@link SetupConnectionErrorCode#UNSUPPORTED_PROTOCOL}.
 */
public enum Sv2Protocol {
    MINING(0),
    JOB_DECLARATION(1),
    TEMPLATE_DISTRIBUTION(2);

    /** The only protocol version defined so far; SetupConnection's version range must include it. */
    public static final int VERSION = 2;

    private static final Sv2Protocol[] BY_CODE = index();

    private final int code;

    Sv2Protocol(int code) {
        this.code = code;
    }

    private static Sv2Protocol[] index() {
        Sv2Protocol[] byCode = new Sv2Protocol[values().length];
        for (Sv2Protocol protocol : values()) {
            if (protocol.code >= byCode.length || byCode[protocol.code] != null) {
                throw new IllegalStateException("protocol codes must be dense and unique: " + protocol);
            }
            byCode[protocol.code] = protocol;
        }
        return byCode;
    }

    public int code() {
        return code;
    }

    public static Optional<Sv2Protocol> find(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }

    /** Looks up a protocol code; unknown codes are an error, never a silent default. */
    public static Sv2Protocol fromCode(int code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown protocol: " + code));
    }

    /** Whether a client's {@code [min_version, max_version]} range includes {@link #VERSION}. */
    public static boolean versionRangeIncludesCurrent(int minVersion, int maxVersion) {
        return minVersion <= VERSION && VERSION <= maxVersion;
    }

    @Override
    public String toString() {
        return name() + "(" + code + ")";
    }
}
