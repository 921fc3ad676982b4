package org.reservegrid.loadtest.sv2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.binary.U256;

class FanOutTests {
    private static final U256 RAMP_TIP = U256.fromHex("01".repeat(32));
    private static final U256 STEADY_TIP = U256.fromHex("02".repeat(32));

    @Test
    void aTipFirstSeenDuringTheRampIsListedButKeptOutOfThePercentiles() {
        FanOut fanOut = new FanOut();
        fanOut.received(RAMP_TIP, 1_000_000);
        fanOut.received(RAMP_TIP, 400_000_000);
        fanOut.received(STEADY_TIP, 2_000_000_000L);
        fanOut.received(STEADY_TIP, 2_050_000_000L);
        fanOut.received(STEADY_TIP, 2_080_000_000L);

        FanOut.Summary summary = fanOut.summarize(1_000_000_000L);

        assertThat(summary.tips())
                .extracting(FanOut.Spread::channels, FanOut.Spread::duringRamp, FanOut.Spread::firstToLastMicros)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, true, 399_000L),
                        org.assertj.core.groups.Tuple.tuple(3, false, 80_000L));
        assertThat(summary.delayAfterFirstMicros().getTotalCount()).isEqualTo(3);
        assertThat(summary.delayAfterFirstMicros().getMaxValue()).isBetween(79_900L, 80_100L);
    }
}
