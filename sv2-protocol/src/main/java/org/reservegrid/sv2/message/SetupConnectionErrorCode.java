package org.reservegrid.sv2.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reservegrid.sv2.binary.Str0255;

/** SetupConnection.Error codes sent by SRI (spec §3.6.3). */
public enum SetupConnectionErrorCode implements Sv2ErrorCode {
    UNSUPPORTED_FEATURE_FLAGS("unsupported-feature-flags"),
    UNSUPPORTED_PROTOCOL("unsupported-protocol"),
    PROTOCOL_VERSION_MISMATCH("protocol-version-mismatch"),
    MISSING_DECLARE_TX_DATA_FLAG("missing-declare-tx-data-flag");

    private static final Map<String, SetupConnectionErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SetupConnectionErrorCode::code, Function.identity()));

    private final String code;
    private final boolean referencePool;

    SetupConnectionErrorCode(String code) {
        this(code, true);
    }

    SetupConnectionErrorCode(String code, boolean referencePool) {
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
    public static Optional<SetupConnectionErrorCode> find(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The well-known code a received {@code error_code} carries, if any. */
    public static Optional<SetupConnectionErrorCode> find(Str0255 code) {
        return find(code.asString());
    }

    /** Looks up a code string; unknown strings are an error, never a silent default. */
    public static SetupConnectionErrorCode fromCode(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown SetupConnectionErrorCode: " + code));
    }

    @Override
    public String toString() {
        return code;
    }
}
