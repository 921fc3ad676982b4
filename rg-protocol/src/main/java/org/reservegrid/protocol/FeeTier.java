package org.reservegrid.protocol;

/** Fee tier chosen from the mempool transaction count; each tier has its own minimum average fee. */
public enum FeeTier {
    LO(0, "lo"),
    MID(1, "mid"),
    HI(2, "hi");

    private final int code;
    private final String text;

    FeeTier(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    public static FeeTier fromCode(int code) {
        for (FeeTier tier : values()) {
            if (tier.code == code) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown fee tier code: " + code);
    }

    @Override
    public String toString() {
        return text;
    }
}
