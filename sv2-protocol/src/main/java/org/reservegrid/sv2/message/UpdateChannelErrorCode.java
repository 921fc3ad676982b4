package org.reservegrid.sv2.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reservegrid.sv2.binary.Str0255;

/**
 * UpdateChannel.Error codes: those SRI sends (spec §5.3.8, mining_sv2 constants), then the one this project's pool
 * adds ({@link #referencePool()} false; spec §3.5 allows any printable ASCII code).
 */
public enum UpdateChannelErrorCode implements Sv2ErrorCode {
    INVALID_NOMINAL_HASHRATE("invalid-nominal-hashrate"),
    INVALID_CHANNEL_ID("invalid-channel-id"),

    /** An all-zero maximum target (as OpenMiningChannel.Error names it). Not an SRI code. */
    MAX_TARGET_OUT_OF_RANGE("max-target-out-of-range", false);

    private static final Map<String, UpdateChannelErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(UpdateChannelErrorCode::code, Function.identity()));

    private final String code;
    private final boolean referencePool;

    UpdateChannelErrorCode(String code) {
        this(code, true);
    }

    UpdateChannelErrorCode(String code, boolean referencePool) {
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
    public static Optional<UpdateChannelErrorCode> find(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The well-known code a received {@code error_code} carries, if any. */
    public static Optional<UpdateChannelErrorCode> find(Str0255 code) {
        return find(code.asString());
    }

    /** Looks up a code string; unknown strings are an error, never a silent default. */
    public static UpdateChannelErrorCode fromCode(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown UpdateChannelErrorCode: " + code));
    }

    @Override
    public String toString() {
        return code;
    }
}
