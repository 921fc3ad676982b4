package org.reservegrid.verifier.whatif;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.evaluation.Judgment;
import org.springframework.stereotype.Component;

/**
 * The last {@code VELDRA_VERIFIER_WHATIF_TEMPLATES} judgments made over TCP, oldest evicted first. Each keeps the
 * template's {@link org.reservegrid.verifier.policy.TemplateSummary} (a few hundred bytes, whatever the
 * template's size), not its transactions. Thread-safe: the TCP event loops append, the what-if endpoint reads a
 * snapshot; both hold the lock for O(1) or one copy.
 */
@Component
public final class RecentJudgments {
    private final KeptJudgment[] slots;
    private long appended;

    public RecentJudgments(VerifierSettings settings) {
        this.slots = new KeptJudgment[settings.whatIfTemplates()];
    }

    /** What a replay reads: how many judgments are kept, and the newest of them. */
    public record Snapshot(int kept, List<KeptJudgment> newestFirst) {
        public Snapshot {
            newestFirst = List.copyOf(newestFirst);
        }
    }

    public int capacity() {
        return slots.length;
    }

    /**
     * Keeps a judgment; one whose template could not be summarised (an {@code internal_error}) has nothing to
     * replay and is skipped.
     */
    public void remember(Judgment judgment, @Nullable Long verdictId) {
        if (judgment.template() == null) {
            return;
        }
        KeptJudgment kept = new KeptJudgment(
                judgment.template(), judgment.verdict(), judgment.mempool(), judgment.judgedAt(), verdictId);
        synchronized (this) {
            slots[(int) (appended % slots.length)] = kept;
            appended++;
        }
    }

    /** The newest {@code count} judgments (fewer when fewer are kept), newest first. */
    public synchronized Snapshot newest(int count) {
        int kept = (int) Math.min(appended, slots.length);
        int take = Math.min(Math.max(count, 0), kept);
        List<KeptJudgment> newest = new ArrayList<>(take);
        for (long index = appended - 1; index >= appended - take; index--) {
            newest.add(slots[(int) (index % slots.length)]);
        }
        return new Snapshot(kept, newest);
    }
}
