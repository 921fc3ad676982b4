package org.reservegrid.gateway.vardiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.Targets;

class VardiffTests {
    private static final U256 MAX = Targets.MAX;

    @Test
    void aMinerTenTimesFasterThanDeclaredIsRetargetedToItsRealHashrate() {
        U256 declared = Targets.forHashrate(1e9, 18);
        Vardiff vardiff = new Vardiff(18, 60_000, declared, MAX, 0);
        // 180 shares in a minute at the declared target: the miner does 1e10 H/s.
        for (int i = 0; i < 180; i++) {
            vardiff.recordShare(Targets.expectedHashes(declared));
        }

        Optional<U256> retarget = vardiff.review(60_000);

        assertThat(retarget)
                .hasValueSatisfying(target ->
                        assertThat(Targets.expectedHashes(target)).isCloseTo(1e10 * 60 / 18, withPercentage(1)));
    }

    @Test
    void aRateWithinToleranceKeepsTheTarget() {
        U256 declared = Targets.forHashrate(1e9, 18);
        Vardiff vardiff = new Vardiff(18, 60_000, declared, MAX, 0);
        for (int i = 0; i < 20; i++) {
            vardiff.recordShare(Targets.expectedHashes(declared));
        }

        assertThat(vardiff.review(60_000)).isEmpty();
        assertThat(vardiff.current()).isEqualTo(declared);
    }

    @Test
    void aSilentChannelGetsAnEasierTargetButNeverEasierThanItsMaximum() {
        U256 declared = Targets.forHashrate(1e12, 18);
        U256 max = U256.fromBigInteger(declared.toBigInteger().shiftLeft(1).add(java.math.BigInteger.TEN));
        Vardiff vardiff = new Vardiff(18, 60_000, declared, max, 0);

        assertThat(vardiff.review(60_000))
                .hasValue(U256.fromBigInteger(declared.toBigInteger().shiftLeft(1)));
        assertThat(vardiff.review(120_000)).hasValue(max);
        assertThat(vardiff.review(180_000)).isEmpty();
    }

    @Test
    void noReviewBeforeTheIntervalHasPassed() {
        Vardiff vardiff = new Vardiff(18, 60_000, Targets.forHashrate(1e9, 18), MAX, 0);

        assertThat(vardiff.review(59_999)).isEmpty();
    }

    @Test
    void updateChannelAlwaysAnswersWithATargetClampedToTheNewMaximum() {
        Vardiff vardiff = new Vardiff(18, 60_000, Targets.forHashrate(1e9, 18), MAX, 0);
        U256 hardMax = Targets.forHashrate(1e15, 18);

        assertThat(vardiff.update(1e6, hardMax, 1_000)).isEqualTo(hardMax);
        assertThat(vardiff.update(1e16, MAX, 2_000)).isEqualTo(Targets.forHashrate(1e16, 18));
    }
}
