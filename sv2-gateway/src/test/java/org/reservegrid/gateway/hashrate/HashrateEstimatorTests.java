package org.reservegrid.gateway.hashrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

class HashrateEstimatorTests {
    @Test
    void estimatesWorkPerSecondOverTheWindowAndSettlesAfterEnoughShares() {
        HashrateEstimator estimator = new HashrateEstimator(60_000, 16, 0);
        // One share of 1e12 expected hashes every 3 s for 60 s: 20 shares, 20e12 hashes over 60 s.
        for (int i = 1; i <= 20; i++) {
            estimator.record(1e12, i * 3_000L);
        }

        assertThat(estimator.hashesPerSecond(60_000)).isCloseTo(20e12 / 60, withPercentage(0.01));
        assertThat(estimator.settled(60_000)).isTrue();
    }

    @Test
    void forgetsWorkOlderThanTheWindow() {
        HashrateEstimator estimator = new HashrateEstimator(10_000, 2, 0);
        estimator.record(5e9, 1_000);

        assertThat(estimator.hashesPerSecond(5_000)).isPositive();
        assertThat(estimator.hashesPerSecond(11_001)).isZero();
        assertThat(estimator.settled(11_001)).isFalse();
    }

    @Test
    void aYoungChannelIsMeasuredOverItsAgeNotTheWholeWindow() {
        HashrateEstimator estimator = new HashrateEstimator(300_000, 16, 0);
        estimator.record(1e10, 10_000);

        assertThat(estimator.hashesPerSecond(10_000)).isCloseTo(1e9, withPercentage(0.01));
        assertThat(estimator.settled(10_000)).isFalse();
    }
}
