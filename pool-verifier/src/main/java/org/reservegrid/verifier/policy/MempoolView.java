package org.reservegrid.verifier.policy;

/**
 * What the verifier knows about the mempool when it judges a template.
 *
 * @param txCount mempool transaction count, or -1 when the mempool backend could not be reached
 */
public record MempoolView(long txCount) {
    private static final MempoolView UNKNOWN = new MempoolView(-1);

    public MempoolView {
        if (txCount < -1) {
            throw new IllegalArgumentException("txCount must be -1 (unknown) or a count, got " + txCount);
        }
    }

    public static MempoolView unknown() {
        return UNKNOWN;
    }

    public boolean known() {
        return isKnownCount(txCount);
    }

    /** Whether a recorded mempool count (a verdict context's) stands for a known mempool. */
    public static boolean isKnownCount(long txCount) {
        return txCount >= 0;
    }
}
