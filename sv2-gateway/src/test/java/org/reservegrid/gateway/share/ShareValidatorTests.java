package org.reservegrid.gateway.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.BlockHeader;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testkit.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Share checks in the reference pool's order, driven by the derived standard-share vector. */
class ShareValidatorTests {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTOR = JsonMapper.builder()
            .build()
            .readTree(TestData.vector("derived/sv2-standard-share.derived.json").toFile());
    private static final U256 MERKLE_ROOT = U256.fromHex(
            VECTOR.get("merkle_root_raw_hex (NewMiningJob.merkle_root bytes)").asString());
    private static final U256 PREV_HASH =
            U256.fromHex(VECTOR.get("SetNewPrevHash").get("prev_hash_raw_hex").asString());
    private static final long MIN_NTIME =
            VECTOR.get("SetNewPrevHash").get("min_ntime").asLong();
    private static final long NBITS = VECTOR.get("SetNewPrevHash").get("nbits").asLong();
    private static final U256 CHANNEL_TARGET =
            U256.fromHex(VECTOR.get("channel_target_le_hex (U256 on the wire)").asString());
    private static final int JOB_VERSION =
            VECTOR.get("NewMiningJob").get("version").asInt();
    private static final int SHARE_VERSION =
            VECTOR.get("share_version (rolled within 0x1fffffe0)").asInt();
    private static final long SHARE_NTIME = VECTOR.get("share_ntime").asLong();
    private static final long ACCEPTED_NONCE =
            VECTOR.get("accepted_share").get("nonce").asLong();
    private static final long LOW_NONCE =
            VECTOR.get("rejected_share_difficulty_too_low").get("nonce").asLong();
    private static final long NOW = SHARE_NTIME;

    private final ShareValidator validator = new ShareValidator();

    @BeforeEach
    void sendJobOneAndActivateIt() {
        validator.addJob(1, JOB_VERSION, MERKLE_ROOT);
        validator.activate(1, PREV_HASH, MIN_NTIME, NBITS, CHANNEL_TARGET);
    }

    private static void assertRejected(ShareOutcome outcome, String sv2Code, GatewayReason reason) {
        assertThat(outcome).isInstanceOfSatisfying(ShareOutcome.Rejected.class, rejected -> {
            assertThat(rejected.sv2ErrorCode().code()).isEqualTo(sv2Code);
            assertThat(rejected.reason()).isEqualTo(reason);
        });
    }

    @Test
    void acceptsTheVectorsAcceptedShare() {
        ShareOutcome outcome = validator.validate(1, ACCEPTED_NONCE, SHARE_NTIME, SHARE_VERSION, NOW);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ShareOutcome.Accepted.class,
                        accepted -> assertThat(accepted.hash().toHex())
                                .isEqualTo(VECTOR.get("accepted_share")
                                        .get("hash_raw_hex")
                                        .asString()));
    }

    @Test
    void rejectsTheVectorsLowShareAsDifficultyTooLow() {
        assertRejected(
                validator.validate(1, LOW_NONCE, SHARE_NTIME, SHARE_VERSION, NOW),
                "difficulty-too-low",
                GatewayReason.SHARE_DIFFICULTY_BELOW_TARGET);
    }

    @Test
    void rejectsTheSameShareTwiceAsADuplicate() {
        validator.validate(1, ACCEPTED_NONCE, SHARE_NTIME, SHARE_VERSION, NOW);

        assertRejected(
                validator.validate(1, ACCEPTED_NONCE, SHARE_NTIME, SHARE_VERSION, NOW),
                "duplicate-share",
                GatewayReason.SHARE_REPLAY_DETECTED);
    }

    @Test
    void aNewPrevHashMakesOldJobsStaleAndForgetsSeenShares() {
        validator.addJob(2, JOB_VERSION, MERKLE_ROOT);
        validator.activate(2, U256.ZERO, MIN_NTIME, NBITS, CHANNEL_TARGET);

        assertRejected(
                validator.validate(1, ACCEPTED_NONCE, SHARE_NTIME, SHARE_VERSION, NOW),
                "stale-share",
                GatewayReason.SHARE_INVALID_JOB_ID);
    }

    @Test
    void unknownAndFutureJobsAreInvalidJobIds() {
        validator.addJob(5, JOB_VERSION, MERKLE_ROOT);

        assertRejected(
                validator.validate(99, ACCEPTED_NONCE, SHARE_NTIME, SHARE_VERSION, NOW),
                "invalid-job-id",
                GatewayReason.SHARE_INVALID_JOB_ID);
        assertRejected(
                validator.validate(5, ACCEPTED_NONCE, SHARE_NTIME, SHARE_VERSION, NOW),
                "invalid-job-id",
                GatewayReason.SHARE_INVALID_JOB_ID);
    }

    @Test
    void ntimeBelowMinimumOrBeyondTwoHoursAheadIsRefusedButSixtySecondsAheadIsFine() {
        assertRejected(
                validator.validate(1, ACCEPTED_NONCE, MIN_NTIME - 1, SHARE_VERSION, NOW),
                "invalid-share",
                GatewayReason.NTIME_OUT_OF_RANGE);
        assertRejected(
                validator.validate(1, ACCEPTED_NONCE, NOW + 7_201, SHARE_VERSION, NOW),
                "invalid-share",
                GatewayReason.NTIME_OUT_OF_RANGE);
        assertThat(validator.validate(1, LOW_NONCE, NOW + 60, SHARE_VERSION, NOW))
                .isInstanceOfSatisfying(
                        ShareOutcome.Rejected.class,
                        r -> assertThat(r.sv2ErrorCode().code()).isEqualTo("difficulty-too-low"));
    }

    @Test
    void versionBitsOutsideTheRollableMaskAreRefused() {
        assertRejected(
                validator.validate(1, ACCEPTED_NONCE, SHARE_NTIME, 0x2000_0001, NOW),
                "invalid-non-rollable-version-bit",
                GatewayReason.VERSION_BIT_VIOLATION);
    }

    @Test
    void aShareMeetingTheNetworkTargetIsABlockAndOthersAreOrdinaryShares() {
        long regtestBits = 0x207fffffL;
        U256 network = Targets.fromCompact(regtestBits);
        ShareValidator regtest = new ShareValidator();
        regtest.addJob(1, JOB_VERSION, MERKLE_ROOT);
        regtest.activate(1, PREV_HASH, MIN_NTIME, regtestBits, Targets.MAX);
        int blocks = 0;

        for (long nonce = 0; nonce < 32; nonce++) {
            U256 hash = new BlockHeader(SHARE_VERSION, PREV_HASH, MERKLE_ROOT, SHARE_NTIME, regtestBits, nonce).hash();
            ShareOutcome outcome = regtest.validate(1, nonce, SHARE_NTIME, SHARE_VERSION, NOW);
            if (Targets.meets(hash, network)) {
                blocks++;
                assertThat(outcome)
                        .isInstanceOfSatisfying(
                                ShareOutcome.BlockFound.class,
                                block -> assertThat(block.header().hash()).isEqualTo(hash));
            } else {
                assertThat(outcome).isInstanceOf(ShareOutcome.Accepted.class);
            }
        }

        // About half of all hashes meet the regtest target; 32 tries without one would mean a broken comparison.
        assertThat(blocks).isPositive();
    }

    @Test
    void anEasierRetargetAppliesAtOnceToActiveJobs() {
        assertRejected(
                validator.validate(1, LOW_NONCE, SHARE_NTIME, SHARE_VERSION, NOW),
                "difficulty-too-low",
                GatewayReason.SHARE_DIFFICULTY_BELOW_TARGET);

        validator.retarget(Targets.MAX);

        assertThat(validator.validate(1, LOW_NONCE, SHARE_NTIME, SHARE_VERSION, NOW))
                .isInstanceOfSatisfying(
                        ShareOutcome.Accepted.class,
                        accepted -> assertThat(accepted.difficulty()).isEqualTo(Targets.difficulty(Targets.MAX)));
    }

    @Test
    void aHarderRetargetKeepsInFlightSharesAtTheOldTargetButCreditsSharesThatMeetTheNewOne() {
        U256 accepted =
                new BlockHeader(SHARE_VERSION, PREV_HASH, MERKLE_ROOT, SHARE_NTIME, NBITS, ACCEPTED_NONCE).hash();
        // Harder than the channel target, yet still met by the accepted share's hash.
        U256 harder = accepted;

        validator.retarget(harder);

        assertThat(validator.validate(1, ACCEPTED_NONCE, SHARE_NTIME, SHARE_VERSION, NOW))
                .isInstanceOfSatisfying(
                        ShareOutcome.Accepted.class,
                        share -> assertThat(share.difficulty()).isEqualTo(Targets.difficulty(harder)));
        // A job activated after the retarget is judged against the harder target.
        validator.addJob(2, JOB_VERSION, MERKLE_ROOT);
        validator.activateOnCurrentTip(2, harder);
        assertRejected(
                validator.validate(2, LOW_NONCE, SHARE_NTIME, SHARE_VERSION, NOW),
                "difficulty-too-low",
                GatewayReason.SHARE_DIFFICULTY_BELOW_TARGET);
    }
}
