package org.reservegrid.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.OpenMiningChannelErrorCode;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionErrorCode;
import org.reservegrid.sv2.message.UpdateChannel;
import org.reservegrid.sv2.message.UpdateChannelErrorCode;

/** The request checks as pure functions: the SV2 code each refusal gets, in the reference pool's order. */
class RequestChecksTests {
    private static final Predicate<String> ONLY_ALICE = "alice"::equals;

    private static SetupConnection setup(int protocol, int minVersion, int maxVersion, long flags) {
        return new SetupConnection(
                protocol,
                minVersion,
                maxVersion,
                flags,
                Str0255.of("pool"),
                3333,
                Str0255.EMPTY,
                Str0255.EMPTY,
                Str0255.EMPTY,
                Str0255.EMPTY);
    }

    @Test
    void setupConnectionChecksProtocolThenVersionThenFlags() {
        assertThat(RequestChecks.setupConnection(setup(1, 3, 4, 0x2)))
                .hasValue(SetupConnectionErrorCode.UNSUPPORTED_PROTOCOL);
        assertThat(RequestChecks.setupConnection(setup(0, 3, 4, 0x2)))
                .hasValue(SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH);
        assertThat(RequestChecks.setupConnection(setup(0, 1, 1, 0)))
                .hasValue(SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH);
        assertThat(RequestChecks.setupConnection(setup(0, 2, 2, 0x2)))
                .hasValue(SetupConnectionErrorCode.UNSUPPORTED_FEATURE_FLAGS);
        assertThat(RequestChecks.setupConnection(setup(0, 2, 2, 0x0))).isEmpty();
        // SRI's mining device sends REQUIRES_STANDARD_JOBS; version rolling is fine too.
        assertThat(RequestChecks.setupConnection(setup(0, 1, 3, 0x5))).isEmpty();
    }

    @Test
    void onlyAFeatureFlagRefusalNamesFlags() {
        assertThat(RequestChecks.refusedFlags(setup(0, 2, 2, 0x7), SetupConnectionErrorCode.UNSUPPORTED_FEATURE_FLAGS))
                .isEqualTo(0x2);
        assertThat(RequestChecks.refusedFlags(setup(1, 2, 2, 0x7), SetupConnectionErrorCode.UNSUPPORTED_PROTOCOL))
                .isZero();
        assertThat(RequestChecks.refusedFlags(setup(0, 3, 3, 0x2), SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH))
                .isZero();
    }

    @Test
    void openStandardChannelChecksInTheDocumentedOrder() {
        OpenStandardMiningChannel bad = new OpenStandardMiningChannel(1, "eve", Float.NaN, U256.ZERO);
        assertThat(RequestChecks.openStandardChannel(bad, true, 9, 1, ONLY_ALICE))
                .hasValue(OpenMiningChannelErrorCode.SHUTDOWN_DRAIN);
        assertThat(RequestChecks.openStandardChannel(bad, false, 1, 1, ONLY_ALICE))
                .hasValue(OpenMiningChannelErrorCode.CHANNEL_LIMIT_EXCEEDED);
        assertThat(RequestChecks.openStandardChannel(bad, false, 0, 1, ONLY_ALICE))
                .hasValue(OpenMiningChannelErrorCode.UNKNOWN_USER);
        assertThat(RequestChecks.openStandardChannel(
                        new OpenStandardMiningChannel(1, "alice", Float.NaN, U256.ZERO), false, 0, 1, ONLY_ALICE))
                .hasValue(OpenMiningChannelErrorCode.INVALID_NOMINAL_HASHRATE);
        assertThat(RequestChecks.openStandardChannel(
                        new OpenStandardMiningChannel(1, "alice", 1f, U256.ZERO), false, 0, 1, ONLY_ALICE))
                .hasValue(OpenMiningChannelErrorCode.MAX_TARGET_OUT_OF_RANGE);
        assertThat(RequestChecks.openStandardChannel(
                        new OpenStandardMiningChannel(1, "alice", 1f, U256.MAX), false, 0, 1, ONLY_ALICE))
                .isEmpty();
    }

    @Test
    void aHashrateMustBeFiniteAndNotNegative() {
        for (float hashrate : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f}) {
            assertThat(RequestChecks.openStandardChannel(
                            new OpenStandardMiningChannel(1, "alice", hashrate, U256.MAX), false, 0, 1, ONLY_ALICE))
                    .as("%s", hashrate)
                    .hasValue(OpenMiningChannelErrorCode.INVALID_NOMINAL_HASHRATE);
            assertThat(RequestChecks.updateChannel(new UpdateChannel(1, hashrate, U256.MAX), true))
                    .as("%s", hashrate)
                    .hasValue(UpdateChannelErrorCode.INVALID_NOMINAL_HASHRATE);
        }
        assertThat(RequestChecks.openStandardChannel(
                        new OpenStandardMiningChannel(1, "alice", 0f, U256.MAX), false, 0, 1, ONLY_ALICE))
                .isEmpty();
        assertThat(RequestChecks.updateChannel(new UpdateChannel(1, -0f, U256.MAX), true))
                .isEmpty();
    }

    @Test
    void updateChannelNeedsAnOpenChannelThenValidValues() {
        assertThat(RequestChecks.updateChannel(new UpdateChannel(7, Float.NaN, U256.ZERO), false))
                .hasValue(UpdateChannelErrorCode.INVALID_CHANNEL_ID);
        assertThat(RequestChecks.updateChannel(new UpdateChannel(7, Float.NaN, U256.ZERO), true))
                .hasValue(UpdateChannelErrorCode.INVALID_NOMINAL_HASHRATE);
        assertThat(RequestChecks.updateChannel(new UpdateChannel(7, 5f, U256.ZERO), true))
                .hasValue(UpdateChannelErrorCode.MAX_TARGET_OUT_OF_RANGE);
        assertThat(RequestChecks.updateChannel(new UpdateChannel(7, 5f, U256.MAX), true))
                .isEmpty();
    }

    @Test
    void everySetupRefusalHasItsOwnReason() {
        assertThat(RefusalReasons.of(SetupConnectionErrorCode.UNSUPPORTED_PROTOCOL))
                .isEqualTo(GatewayReason.UNSUPPORTED_PROTOCOL);
        assertThat(RefusalReasons.of(SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH))
                .isEqualTo(GatewayReason.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(RefusalReasons.of(SetupConnectionErrorCode.UNSUPPORTED_FEATURE_FLAGS))
                .isEqualTo(GatewayReason.UNSUPPORTED_FEATURE_FLAGS);
    }

    @Test
    void channelRefusalsAreCountedAsDocumented() {
        assertThat(RefusalReasons.of(OpenMiningChannelErrorCode.SHUTDOWN_DRAIN))
                .isEqualTo(GatewayReason.SHUTDOWN_DRAIN);
        assertThat(RefusalReasons.of(OpenMiningChannelErrorCode.CHANNEL_LIMIT_EXCEEDED))
                .isEqualTo(GatewayReason.CHANNEL_LIMIT_EXCEEDED);
        assertThat(RefusalReasons.of(OpenMiningChannelErrorCode.UNKNOWN_USER))
                .isEqualTo(GatewayReason.MINER_UNAUTHORIZED);
        assertThat(RefusalReasons.of(OpenMiningChannelErrorCode.INVALID_NOMINAL_HASHRATE))
                .isEqualTo(GatewayReason.CHANNEL_OPEN_REJECTED);
        assertThat(RefusalReasons.of(OpenMiningChannelErrorCode.MAX_TARGET_OUT_OF_RANGE))
                .isEqualTo(GatewayReason.CHANNEL_OPEN_REJECTED);
        assertThat(RefusalReasons.of(OpenMiningChannelErrorCode.EXTENDED_CHANNELS_NOT_SUPPORTED_FOR_STANDARD_JOBS))
                .isEqualTo(GatewayReason.EXTENDED_CHANNEL_UNSUPPORTED);
        assertThat(RefusalReasons.of(UpdateChannelErrorCode.INVALID_CHANNEL_ID))
                .hasValue(GatewayReason.CHANNEL_NOT_OPEN);
        assertThat(Arrays.stream(UpdateChannelErrorCode.values())
                        .filter(code -> code != UpdateChannelErrorCode.INVALID_CHANNEL_ID)
                        .map(RefusalReasons::of))
                .allMatch(java.util.Optional::isEmpty);
    }
}
