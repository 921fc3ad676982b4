package org.reservegrid.verifier.policy;

/**
 * How a {@link PolicyCheck} compares what it measured with its threshold. The evaluator decides every check with
 * {@code holds}, and the API prints {@link #symbol()}: the operator sees the very comparison that judged.
 * Booleans order {@code false < true}.
 */
public enum Comparison {
    AT_MOST("<="),
    AT_LEAST(">="),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as the API shows it: {@code <=}, {@code >=}, {@code ==} or {@code !=}. */
    public String symbol() {
        return symbol;
    }

    public boolean holds(long measured, long threshold) {
        return switch (this) {
            case AT_MOST -> measured <= threshold;
            case AT_LEAST -> measured >= threshold;
            case EQUAL -> measured == threshold;
            case NOT_EQUAL -> measured != threshold;
        };
    }

    public boolean holds(double measured, double threshold) {
        return switch (this) {
            case AT_MOST -> measured <= threshold;
            case AT_LEAST -> measured >= threshold;
            case EQUAL -> measured == threshold;
            case NOT_EQUAL -> measured != threshold;
        };
    }

    public boolean holds(boolean measured, boolean threshold) {
        return switch (this) {
            case AT_MOST -> !measured || threshold;
            case AT_LEAST -> measured || !threshold;
            case EQUAL -> measured == threshold;
            case NOT_EQUAL -> measured != threshold;
        };
    }
}
