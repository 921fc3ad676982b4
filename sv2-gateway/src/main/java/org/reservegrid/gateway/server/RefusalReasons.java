package org.reservegrid.gateway.server;

import java.util.Optional;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.message.OpenMiningChannelErrorCode;
import org.reservegrid.sv2.message.SetupConnectionErrorCode;
import org.reservegrid.sv2.message.UpdateChannelErrorCode;

/**
 * The GatewayReason each refusal is counted under (docs/sv2-gateway.md, "SV2 error codes and GatewayReason"). The
 * switches are exhaustive, so a new SV2 code cannot go out uncounted by accident. Share refusals have their own
 * table, {@link org.reservegrid.gateway.share.Sv2ShareErrors}.
 */
final class RefusalReasons {
    private RefusalReasons() {}

    static GatewayReason of(SetupConnectionErrorCode code) {
        return switch (code) {
            case UNSUPPORTED_PROTOCOL -> GatewayReason.UNSUPPORTED_PROTOCOL;
            case PROTOCOL_VERSION_MISMATCH -> GatewayReason.UNSUPPORTED_PROTOCOL_VERSION;
            case UNSUPPORTED_FEATURE_FLAGS, MISSING_DECLARE_TX_DATA_FLAG -> GatewayReason.UNSUPPORTED_FEATURE_FLAGS;
        };
    }

    static GatewayReason of(OpenMiningChannelErrorCode code) {
        return switch (code) {
            case UNKNOWN_USER, INVALID_USER_IDENTITY -> GatewayReason.MINER_UNAUTHORIZED;
            case INVALID_NOMINAL_HASHRATE,
                    MAX_TARGET_OUT_OF_RANGE,
                    STANDARD_CHANNELS_NOT_SUPPORTED_FOR_CUSTOM_WORK,
                    MIN_EXTRANONCE_SIZE_TOO_LARGE,
                    UNSUPPORTED_MIN_EXTRANONCE_SIZE -> GatewayReason.CHANNEL_OPEN_REJECTED;
            case EXTENDED_CHANNELS_NOT_SUPPORTED_FOR_STANDARD_JOBS -> GatewayReason.EXTENDED_CHANNEL_UNSUPPORTED;
            case CHANNEL_LIMIT_EXCEEDED -> GatewayReason.CHANNEL_LIMIT_EXCEEDED;
            case SHUTDOWN_DRAIN -> GatewayReason.SHUTDOWN_DRAIN;
        };
    }

    /**
     * An UpdateChannel for a channel that is not open is out of state and counted; a bad hashrate or maximum target
     * on an open channel is only answered, as before.
     */
    static Optional<GatewayReason> of(UpdateChannelErrorCode code) {
        return switch (code) {
            case INVALID_CHANNEL_ID -> Optional.of(GatewayReason.CHANNEL_NOT_OPEN);
            case INVALID_NOMINAL_HASHRATE, MAX_TARGET_OUT_OF_RANGE -> Optional.empty();
        };
    }
}
