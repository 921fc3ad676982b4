package org.reservegrid.sv2.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reservegrid.sv2.binary.Str0255;

/**
 * OpenMiningChannel.Error codes: those SRI sends (spec §5.3.6, mining_sv2 constants), then the few this project's
 * pool adds ({@link #referencePool()} false; spec §3.5 allows any printable ASCII code).
 */
public enum OpenMiningChannelErrorCode implements Sv2ErrorCode {
    UNKNOWN_USER("unknown-user"),
    INVALID_USER_IDENTITY("invalid-user-identity"),
    INVALID_NOMINAL_HASHRATE("invalid-nominal-hashrate"),
    MAX_TARGET_OUT_OF_RANGE("max-target-out-of-range"),
    STANDARD_CHANNELS_NOT_SUPPORTED_FOR_CUSTOM_WORK("standard-channels-not-supported-for-custom-work"),
    EXTENDED_CHANNELS_NOT_SUPPORTED_FOR_STANDARD_JOBS("extended-channels-not-supported-for-standard-jobs"),
    MIN_EXTRANONCE_SIZE_TOO_LARGE("min-extranonce-size-too-large"),
    UNSUPPORTED_MIN_EXTRANONCE_SIZE("unsupported-min-extranonce-size"),

    /** The connection or the pool has as many channels as it takes. Not an SRI code. */
    CHANNEL_LIMIT_EXCEEDED("channel-limit-exceeded", false),

    /** The pool is shutting down. Not an SRI code. */
    SHUTDOWN_DRAIN("shutdown-drain", false);

    private static final Map<String, OpenMiningChannelErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(OpenMiningChannelErrorCode::code, Function.identity()));

    private final String code;
    private final boolean referencePool;

    OpenMiningChannelErrorCode(String code) {
        this(code, true);
    }

    OpenMiningChannelErrorCode(String code, boolean referencePool) {
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
    public static Optional<OpenMiningChannelErrorCode> find(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The well-known code a received {@code error_code} carries, if any. */
    public static Optional<OpenMiningChannelErrorCode> find(Str0255 code) {
        return find(code.asString());
    }

    /** Looks up a code string; unknown strings are an error, never a silent default. */
    public static OpenMiningChannelErrorCode fromCode(String code) {
        return find(code)
                .orElseThrow(() -> new IllegalArgumentException("unknown OpenMiningChannelErrorCode: " + code));
    }

    @Override
    public String toString() {
        return code;
    }
}
