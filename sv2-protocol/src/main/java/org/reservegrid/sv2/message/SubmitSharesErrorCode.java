package org.reservegrid.sv2.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reservegrid.sv2.binary.Str0255;

/**
 * SubmitShares.Error codes: those SRI sends (spec §5.3.14, mining_sv2 constants;
 * {@code invalid-non-rollable-version-bit} only on SRI main), then the few this project's pool adds
 * ({@link #referencePool()} false; spec §3.5 allows any printable ASCII code).
 */
public enum SubmitSharesErrorCode implements Sv2ErrorCode {
    INVALID_CHANNEL_ID("invalid-channel-id"),
    INVALID_SHARE("invalid-share"),
    STALE_SHARE("stale-share"),
    INVALID_JOB_ID("invalid-job-id"),
    DIFFICULTY_TOO_LOW("difficulty-too-low"),
    DUPLICATE_SHARE("duplicate-share"),
    BAD_EXTRANONCE_SIZE("bad-extranonce-size"),
    VERSION_ROLLING_NOT_ALLOWED("version-rolling-not-allowed"),
    INVALID_NON_ROLLABLE_VERSION_BIT("invalid-non-rollable-version-bit"),

    /** Over the channel's share rate. Not an SRI code. */
    RATE_LIMITED("rate-limited", false),

    /** The pool cannot take the share now (its share log is full); refused rather than lost. Not an SRI code. */
    SERVER_BUSY("server-busy", false);

    private static final Map<String, SubmitSharesErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SubmitSharesErrorCode::code, Function.identity()));

    private final String code;
    private final boolean referencePool;

    SubmitSharesErrorCode(String code) {
        this(code, true);
    }

    SubmitSharesErrorCode(String code, boolean referencePool) {
        this.code = code;
        this.referencePool = referencePool;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public boolean referencePool() {
        return referencePool;
    }

    /** The well-known code with this exact string, if any; unknown codes are legal on the wire (spec §3.5). */
    public static Optional<SubmitSharesErrorCode> find(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The well-known code a received {@code error_code} carries, if any. */
    public static Optional<SubmitSharesErrorCode> find(Str0255 code) {
        return find(code.asString());
    }

    /** Looks up a code string; unknown strings are an error, never a silent default. */
    public static SubmitSharesErrorCode fromCode(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown SubmitSharesErrorCode: " + code));
    }

    @Override
    public String toString() {
        return code;
    }
}
