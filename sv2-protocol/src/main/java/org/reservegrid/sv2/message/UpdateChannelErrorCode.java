package org.reservegrid.sv2.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reservegrid.sv2.binary.Str0255;

/** UpdateChannel.Error codes sent by SRI (spec §5.3.8, mining_sv2 constants). */
public enum UpdateChannelErrorCode implements Sv2ErrorCode {
    INVALID_NOMINAL_HASHRATE("invalid-nominal-hashrate"),
    INVALID_CHANNEL_ID("invalid-channel-id");

    private static final Map<String, UpdateChannelErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(UpdateChannelErrorCode::code, Function.identity()));

    private final String code;

    UpdateChannelErrorCode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
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
