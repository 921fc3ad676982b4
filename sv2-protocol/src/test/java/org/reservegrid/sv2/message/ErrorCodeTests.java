package org.reservegrid.sv2.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.binary.Str0255;

/**
 * The error-code enums against the strings documented in INTEROP-NOTES §4 and §5 (SRI mining_sv2 and
 * common_messages_sv2), and the setup flag bits of spec §5.3.1.
 */
class ErrorCodeTests {

    /** The codes SRI sends. */
    private static String[] codes(Sv2ErrorCode[] values) {
        return Arrays.stream(values)
                .filter(Sv2ErrorCode::referencePool)
                .map(Sv2ErrorCode::code)
                .toArray(String[]::new);
    }

    /** The codes this project's pool sends where SRI has none (docs/sv2-gateway.md marks each "not an SRI code"). */
    private static String[] additions(Sv2ErrorCode[] values) {
        return Arrays.stream(values)
                .filter(code -> !code.referencePool())
                .map(Sv2ErrorCode::code)
                .toArray(String[]::new);
    }

    @Test
    void setupConnectionCodesAreTheDocumentedOnes() {
        assertThat(codes(SetupConnectionErrorCode.values()))
                .containsExactlyInAnyOrder(
                        "unsupported-protocol",
                        "protocol-version-mismatch",
                        "unsupported-feature-flags",
                        "missing-declare-tx-data-flag");
    }

    @Test
    void openMiningChannelCodesAreTheDocumentedOnes() {
        assertThat(codes(OpenMiningChannelErrorCode.values()))
                .containsExactlyInAnyOrder(
                        "unknown-user",
                        "invalid-user-identity",
                        "invalid-nominal-hashrate",
                        "max-target-out-of-range",
                        "standard-channels-not-supported-for-custom-work",
                        "extended-channels-not-supported-for-standard-jobs",
                        "min-extranonce-size-too-large",
                        "unsupported-min-extranonce-size");
    }

    @Test
    void updateChannelCodesAreTheDocumentedOnes() {
        assertThat(codes(UpdateChannelErrorCode.values()))
                .containsExactlyInAnyOrder("invalid-nominal-hashrate", "invalid-channel-id");
    }

    @Test
    void submitSharesCodesAreTheDocumentedOnes() {
        assertThat(codes(SubmitSharesErrorCode.values()))
                .containsExactlyInAnyOrder(
                        "invalid-channel-id",
                        "invalid-share",
                        "stale-share",
                        "invalid-job-id",
                        "difficulty-too-low",
                        "duplicate-share",
                        "bad-extranonce-size",
                        "version-rolling-not-allowed",
                        "invalid-non-rollable-version-bit");
    }

    @Test
    void thePoolsOwnCodesAreFewAndNamed() {
        assertThat(additions(SetupConnectionErrorCode.values())).isEmpty();
        assertThat(additions(OpenMiningChannelErrorCode.values()))
                .containsExactly("channel-limit-exceeded", "shutdown-drain");
        assertThat(additions(UpdateChannelErrorCode.values())).containsExactly("max-target-out-of-range");
        assertThat(additions(SubmitSharesErrorCode.values())).containsExactly("rate-limited", "server-busy");
    }

    @Test
    void everyCodeIsPrintableAsciiWithinStr0255() {
        for (Sv2ErrorCode[] values : List.of(
                SetupConnectionErrorCode.values(),
                OpenMiningChannelErrorCode.values(),
                UpdateChannelErrorCode.values(),
                SubmitSharesErrorCode.values())) {
            for (Sv2ErrorCode code : values) {
                assertThat(code.code()).matches("[\\x21-\\x7e]{1,255}");
                assertThat(code.toStr0255().asString()).isEqualTo(code.code());
            }
        }
    }

    @Test
    void receivedCodesAreLookedUpButUnknownOnesAreLegal() {
        assertThat(SubmitSharesErrorCode.find(Str0255.of("difficulty-too-low")))
                .hasValue(SubmitSharesErrorCode.DIFFICULTY_TOO_LOW);
        assertThat(SubmitSharesErrorCode.find("some-pool-specific-code")).isEmpty();
        assertThat(new SubmitSharesError(1, 1, "some-pool-specific-code")
                        .errorCode()
                        .asString())
                .isEqualTo("some-pool-specific-code");
        assertThatThrownBy(() -> SubmitSharesErrorCode.fromCode("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SetupConnectionErrorCode.fromCode("protocol-version-mismatch"))
                .isEqualTo(SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH);
    }

    @Test
    void setupFlagsAreTheSpecBits() {
        assertThat(MiningSetupFlag.REQUIRES_STANDARD_JOBS.mask()).isEqualTo(0x1);
        assertThat(MiningSetupFlag.REQUIRES_WORK_SELECTION.mask()).isEqualTo(0x2);
        assertThat(MiningSetupFlag.REQUIRES_VERSION_ROLLING.mask()).isEqualTo(0x4);
        assertThat(MiningSetupSuccessFlag.REQUIRES_FIXED_VERSION.mask()).isEqualTo(0x1);
        assertThat(MiningSetupSuccessFlag.REQUIRES_EXTENDED_CHANNELS.mask()).isEqualTo(0x2);
        assertThat(MiningSetupFlag.maskOf(
                        MiningSetupFlag.REQUIRES_STANDARD_JOBS, MiningSetupFlag.REQUIRES_VERSION_ROLLING))
                .isEqualTo(0x5);
        assertThat(MiningSetupFlag.REQUIRES_STANDARD_JOBS.isSetIn(0x1)).isTrue(); // what SRI's mining device sends
        assertThat(MiningSetupFlag.REQUIRES_WORK_SELECTION.isSetIn(0x1)).isFalse();
    }

    @Test
    void protocolIdsAndVersionAreTheSpecOnes() {
        assertThat(Sv2Protocol.fromCode(0)).isEqualTo(Sv2Protocol.MINING);
        assertThat(Sv2Protocol.fromCode(1)).isEqualTo(Sv2Protocol.JOB_DECLARATION);
        assertThat(Sv2Protocol.fromCode(2)).isEqualTo(Sv2Protocol.TEMPLATE_DISTRIBUTION);
        assertThat(Sv2Protocol.find(3)).isEmpty();
        assertThat(Sv2Protocol.VERSION).isEqualTo(2);
        assertThat(Sv2Protocol.versionRangeIncludesCurrent(2, 2)).isTrue();
        assertThat(Sv2Protocol.versionRangeIncludesCurrent(3, 4)).isFalse();
    }
}
