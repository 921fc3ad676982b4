package org.reservegrid.sv2.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reservegrid.sv2.binary.Str0255;

/** OpenMiningChannel.Error codes sent by SRI (spec §5.3.6, mining_sv2 constants). */
public enum OpenMiningChannelErrorCode implements Sv2ErrorCode {
    UNKNOWN_USER("unknown-user"),
    INVALID_USER_IDENTITY("invalid-user-identity"),
    INVALID_NOMINAL_HASHRATE("invalid-nominal-hashrate"),
    MAX_TARGET_OUT_OF_RANGE("max-target-out-of-range"),
    STANDARD_CHANNELS_NOT_SUPPORTED_FOR_CUSTOM_WORK("standard-channels-not-supported-for-custom-work"),
    EXTENDED_CHANNELS_NOT_SUPPORTED_FOR_STANDARD_JOBS("extended-channels-not-supported-for-standard-jobs"),
    MIN_EXTRANONCE_SIZE_TOO_LARGE("min-extranonce-size-too-large"),
    UNSUPPORTED_MIN_EXTRANONCE_SIZE("unsupported-min-extranonce-size");

    private static final Map<String, OpenMiningChannelErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(OpenMiningChannelErrorCode::code, Function.identity()));

    private final String code;

    OpenMiningChannelErrorCode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
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
