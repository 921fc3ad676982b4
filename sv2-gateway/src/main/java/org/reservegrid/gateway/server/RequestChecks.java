package org.reservegrid.gateway.server;

import java.util.Optional;
import java.util.function.Predicate;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.MiningSetupFlag;
import org.reservegrid.sv2.message.OpenMiningChannelErrorCode;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionErrorCode;
import org.reservegrid.sv2.message.Sv2Protocol;
import org.reservegrid.sv2.message.UpdateChannel;
import org.reservegrid.sv2.message.UpdateChannelErrorCode;

/**
 * The checks on what a miner asks for, in the reference pool's order (INTEROP-NOTES §4, §5): each returns the SV2
 * error code the request is refused with, or empty when it is granted. Pure: the connection handler applies the
 * answer, {@link RefusalReasons} names what it is counted under.
 */
final class RequestChecks {
    private RequestChecks() {}

    /** Mining protocol, version 2 in the client's range, no work selection (it needs job declaration). */
    static Optional<SetupConnectionErrorCode> setupConnection(SetupConnection setup) {
        if (setup.protocol() != Sv2Protocol.MINING.code()) {
            return Optional.of(SetupConnectionErrorCode.UNSUPPORTED_PROTOCOL);
        }
        if (!Sv2Protocol.versionRangeIncludesCurrent(setup.minVersion(), setup.maxVersion())) {
            return Optional.of(SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH);
        }
        if (MiningSetupFlag.REQUIRES_WORK_SELECTION.isSetIn(setup.flags())) {
            return Optional.of(SetupConnectionErrorCode.UNSUPPORTED_FEATURE_FLAGS);
        }
        return Optional.empty();
    }

    /** The {@code flags} of the SetupConnection.Error: the requested flags the pool refuses, 0 for other causes. */
    static long refusedFlags(SetupConnection setup, SetupConnectionErrorCode code) {
        return code == SetupConnectionErrorCode.UNSUPPORTED_FEATURE_FLAGS
                ? setup.flags() & MiningSetupFlag.REQUIRES_WORK_SELECTION.mask()
                : 0;
    }

    /**
     * Draining, the connection's channel limit, the allow-list, the declared hashrate, the maximum target. The
     * global channel limit is a reservation the handler makes after this (same code).
     */
    static Optional<OpenMiningChannelErrorCode> openStandardChannel(
            OpenStandardMiningChannel open,
            boolean draining,
            int openChannels,
            int maxChannelsPerConnection,
            Predicate<String> allowedMiner) {
        if (draining) {
            return Optional.of(OpenMiningChannelErrorCode.SHUTDOWN_DRAIN);
        }
        if (openChannels >= maxChannelsPerConnection) {
            return Optional.of(OpenMiningChannelErrorCode.CHANNEL_LIMIT_EXCEEDED);
        }
        if (!allowedMiner.test(open.userIdentity().asString())) {
            return Optional.of(OpenMiningChannelErrorCode.UNKNOWN_USER);
        }
        if (!validHashrate(open.nominalHashRate())) {
            return Optional.of(OpenMiningChannelErrorCode.INVALID_NOMINAL_HASHRATE);
        }
        if (open.maxTarget().equals(U256.ZERO)) {
            return Optional.of(OpenMiningChannelErrorCode.MAX_TARGET_OUT_OF_RANGE);
        }
        return Optional.empty();
    }

    /** The channel must be open on this connection; then the hashrate and maximum target as for an open. */
    static Optional<UpdateChannelErrorCode> updateChannel(UpdateChannel update, boolean channelOpen) {
        if (!channelOpen) {
            return Optional.of(UpdateChannelErrorCode.INVALID_CHANNEL_ID);
        }
        if (!validHashrate(update.nominalHashRate())) {
            return Optional.of(UpdateChannelErrorCode.INVALID_NOMINAL_HASHRATE);
        }
        if (update.maximumTarget().equals(U256.ZERO)) {
            return Optional.of(UpdateChannelErrorCode.MAX_TARGET_OUT_OF_RANGE);
        }
        return Optional.empty();
    }

    private static boolean validHashrate(float hashrate) {
        return Float.isFinite(hashrate) && hashrate >= 0;
    }
}
