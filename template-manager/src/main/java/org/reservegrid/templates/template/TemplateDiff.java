package org.reservegrid.templates.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What changed from one retained template to the next-older retained one, for {@code GET
 * /api/templates/{sequence}/diff}: transactions added and removed (by txid), and the deltas of the totals. Computed
 * from the parsed templates the history already holds, so nothing is parsed again.
 *
 * <p>Without a previous template (the oldest retained one) there is nothing to compare: the previous fields and the
 * deltas are null and both lists are empty.
 *
 * @param txCountDelta this template's transaction count minus the previous one's
 * @param feeDelta this template's total fees minus the previous one's, satoshis
 * @param weightDelta this template's total transaction weight minus the previous one's, weight units
 * @param addedCount every transaction in this template and not in the previous one ({@code added} may hold fewer)
 * @param removedCount every transaction in the previous template and not in this one
 * @param added the added transactions with the highest fees first, at most the requested limit
 * @param removed the removed transactions with the highest fees first, at most the requested limit
 */
public record TemplateDiff(
        long sequence,
        @Nullable Long previousSequence,
        long height,
        @Nullable Long previousHeight,
        @Nullable Long txCountDelta,
        @Nullable Long feeDelta,
        @Nullable Long weightDelta,
        int addedCount,
        int removedCount,
        List<Change> added,
        List<Change> removed) {

    /** Highest fee first; equal fees by txid, so the same pair always gives the same lists. */
    private static final Comparator<TemplateTransaction> BY_FEE_DESCENDING =
            Comparator.comparingLong(TemplateTransaction::fee).reversed().thenComparing(TemplateTransaction::txid);

    public TemplateDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** One added or removed transaction: txid (display-order hex), fee in satoshis, weight in weight units. */
    public record Change(String txid, long fee, long weight) {}

    /**
     * The difference from {@code previous} to {@code current}, each list cut to {@code limit} entries.
     *
     * @param previous the next-older retained template, or null when {@code current} is the oldest
     */
    public static TemplateDiff between(TemplateRecord current, @Nullable TemplateRecord previous, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        BlockTemplate now = current.template();
        if (previous == null) {
            return new TemplateDiff(
                    current.sequence(), null, now.height(), null, null, null, null, 0, 0, List.of(), List.of());
        }
        BlockTemplate before = previous.template();
        List<TemplateTransaction> added = missingFrom(now.transactions(), before.transactions());
        List<TemplateTransaction> removed = missingFrom(before.transactions(), now.transactions());
        return new TemplateDiff(
                current.sequence(),
                previous.sequence(),
                now.height(),
                before.height(),
                (long) now.transactions().size() - before.transactions().size(),
                now.totalFees() - before.totalFees(),
                now.totalWeight() - before.totalWeight(),
                added.size(),
                removed.size(),
                highestFees(added, limit),
                highestFees(removed, limit));
    }

    /** The transactions of {@code from} whose txid is not in {@code other}, each txid once. */
    private static List<TemplateTransaction> missingFrom(
            List<TemplateTransaction> from, List<TemplateTransaction> other) {
        Set<String> otherTxids = HashSet.newHashSet(other.size());
        for (TemplateTransaction transaction : other) {
            otherTxids.add(transaction.txid());
        }
        Set<String> seen = HashSet.newHashSet(from.size());
        List<TemplateTransaction> missing = new ArrayList<>();
        for (TemplateTransaction transaction : from) {
            if (!otherTxids.contains(transaction.txid()) && seen.add(transaction.txid())) {
                missing.add(transaction);
            }
        }
        return missing;
    }

    private static List<Change> highestFees(List<TemplateTransaction> transactions, int limit) {
        return transactions.stream()
                .sorted(BY_FEE_DESCENDING)
                .limit(limit)
                .map(transaction -> new Change(transaction.txid(), transaction.fee(), transaction.weight()))
                .toList();
    }
}
