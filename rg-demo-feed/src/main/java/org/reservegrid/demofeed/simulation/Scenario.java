package org.reservegrid.demofeed.simulation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The template streams the demo feed can play; the ids are the values of {@code VELDRA_DEMO_FEED_SCENARIO}. */
public enum Scenario {
    /** A quiet chain: blocks are not full, a few hundred to a couple of thousand transactions per template. */
    NORMAL("normal"),
    /** Coinbase-only templates over an empty mempool. */
    EMPTY("empty"),
    /** Mempool depth and fee rates sweep from dust-level to a fee spike and back, over and over. */
    FEE_SWEEP("fee_sweep"),
    /** Like normal, but every third block event replaces the tip with a competing branch. */
    REORG("reorg"),
    /** Like normal, but the source periodically freezes and repeats an ageing template. */
    STALE("stale"),
    /** Full-size mainnet-like blocks: thousands of transactions, weight at the limit, a deep mempool. */
    MAINNET_LIKE("mainnet_like");

    private final String id;

    Scenario(String id) {
        this.id = id;
    }

    /** The stable id used in configuration and in every frame. */
    public String id() {
        return id;
    }

    /** Parses a configured scenario id; unknown ids are an error that lists the valid ones. */
    public static Scenario fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Scenario scenario : values()) {
            if (scenario.id.equals(wanted)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown demo feed scenario '" + id + "'; expected one of " + ids());
    }

    /** All ids, comma separated, for error messages and docs. */
    public static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }
}
