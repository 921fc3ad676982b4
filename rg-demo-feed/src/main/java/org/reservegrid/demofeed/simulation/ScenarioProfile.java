package org.reservegrid.demofeed.simulation;

/**
 * Mempool parameters of a scenario. Arrival counts are per mean block interval, so an accelerated feed produces
 * templates of the same shape as a ten-minute one.
 *
 * @param initialTransactions materialised transactions at the start
 * @param arrivalsPerBlock mean new transactions per block interval
 * @param capacity materialised transactions kept; the cheapest are evicted beyond it
 * @param initialFloor starting fee-rate floor in sat/vB, the rate most transactions pay a little above
 * @param minFloor lowest floor of the random walk
 * @param maxFloor highest floor of the random walk
 * @param belowFloorShare share of arrivals that pay between 1 sat/vB and the floor (they wait in a deep mempool)
 * @param backlog transactions counted in the mempool statistics but not materialised (a mainnet mempool holds
 *     tens of thousands more than a block's worth)
 */
record ScenarioProfile(
        int initialTransactions,
        int arrivalsPerBlock,
        int capacity,
        double initialFloor,
        double minFloor,
        double maxFloor,
        double belowFloorShare,
        long backlog) {

    /** Mean virtual size of a backlog transaction, for the statistics. */
    static final int BACKLOG_VSIZE = 190;

    /** Mean fee rate of the backlog in sat/vB, for the statistics. */
    static final double BACKLOG_FEE_RATE = 1.3;

    static ScenarioProfile of(Scenario scenario) {
        return switch (scenario) {
            case NORMAL, REORG, STALE -> new ScenarioProfile(300, 1_200, 20_000, 2.0, 1.0, 6.0, 0.0, 0);
            case EMPTY -> new ScenarioProfile(0, 0, 0, 1.0, 1.0, 1.0, 0.0, 0);
            // Regenerated at every frame from the sweep position; see FeedSimulator.
            case FEE_SWEEP -> new ScenarioProfile(0, 0, 4_000, 1.0, 1.0, 250.0, 0.0, 0);
            case MAINNET_LIKE -> new ScenarioProfile(11_000, 5_200, 16_000, 6.0, 3.0, 30.0, 0.3, 60_000);
        };
    }
}
