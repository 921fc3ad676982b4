package org.reservegrid.demofeed.simulation;

import java.time.Duration;

/**
 * Everything that determines a frame stream. Two simulators built from equal settings produce byte-identical
 * frames.
 *
 * @param scenario which stream to play
 * @param seed seed of every random choice
 * @param templateInterval simulated time between template refreshes on the same tip
 * @param blockInterval mean (or, with fixed timing, exact) simulated time between blocks
 * @param blockTiming how block arrival times are drawn
 * @param startTime Unix time of the first frame; later frames' times advance with simulated time
 * @param startHeight height of the first template
 */
public record SimulationSettings(
        Scenario scenario,
        long seed,
        Duration templateInterval,
        Duration blockInterval,
        BlockTiming blockTiming,
        long startTime,
        int startHeight) {

    /** Validates ranges with messages that name the setting. */
    public SimulationSettings {
        if (templateInterval.toMillis() < 10) {
            throw new IllegalArgumentException("template interval must be at least 10ms, got " + templateInterval);
        }
        if (blockInterval.toMillis() < 10) {
            throw new IllegalArgumentException("block interval must be at least 10ms, got " + blockInterval);
        }
        if (startHeight < 12) {
            throw new IllegalArgumentException("start height must be at least 12, got " + startHeight);
        }
        if (startTime < 1_231_006_505L) {
            throw new IllegalArgumentException(
                    "start time must be a Unix time after the genesis block, got " + startTime);
        }
    }

    /** How block arrival times are drawn. */
    public enum BlockTiming {
        /** Exponentially distributed gaps with the configured mean, as proof of work produces them. */
        EXPONENTIAL,
        /** Exactly one block interval between blocks. */
        FIXED
    }
}
