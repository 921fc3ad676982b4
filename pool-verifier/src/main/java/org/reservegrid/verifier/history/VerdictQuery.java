package org.reservegrid.verifier.history;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A history query: newest first, at most {@code limit} records.
 *
 * @param outcome a verdict reason code, {@code accepted}, or {@code rejected} (any reason); null for all
 * @param since only records at or after this instant; null for all
 * @param beforeId only records with a smaller id (the next page back of a newest-first list); null for all
 */
public record VerdictQuery(
        int limit,
        @Nullable String outcome,
        @Nullable Instant since,
        @Nullable Long beforeId) {
    public static final int MAX_LIMIT = 1000;
    public static final String ACCEPTED = "accepted";
    /** Every rejected verdict, whatever its reason. */
    public static final String REJECTED = "rejected";

    public VerdictQuery(int limit, @Nullable String outcome, @Nullable Instant since) {
        this(limit, outcome, since, null);
    }

    public VerdictQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    boolean matches(VerdictRecord record) {
        boolean outcomeMatches = outcome == null
                || (outcome.equals(REJECTED) ? !record.outcome().equals(ACCEPTED) : outcome.equals(record.outcome()));
        return outcomeMatches
                && (beforeId == null || record.id() < beforeId)
                && (since == null || !record.recordedAt().isBefore(since));
    }
}
