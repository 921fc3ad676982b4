package org.reservegrid.gateway.mode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides which templates reach miners in the configured {@link GatewayMode}. Pure and single-threaded: time is
 * an argument, and timers are a deadline the caller schedules ({@link #nextDeadlineMillis()}) and reports back
 * ({@link #onTimer(long)}). Every input first applies the deadlines that have passed by its {@code nowMillis}, so
 * the outcome does not depend on how promptly the caller's timer fired. A clock that goes backwards is treated as
 * standing still.
 *
 * <p>Lifecycle: create one per gateway; call {@link #onTemplate} for every template, {@link #onVerdict} for every
 * verdict, {@link #onSourceRestarted} when the template source's numbering starts again, and after each call
 * re-arm the timer at {@link #nextDeadlineMillis()}. Act on every {@link
 * ModeDecision.Distribute} returned, in order; {@link ModeDecision.Hold} and {@link ModeDecision.WouldHold} are for
 * logs. The rules are in docs/gateway-modes.md.
 *
 * <p>Chain tips are ordered by template sequence: a template whose prev hash differs from the newest tip is a new
 * tip when its sequence is higher than the sequence that opened the newest tip, and a late template of an older
 * tip when it is lower.
 */
public final class ModeController {
    /** Templates on the working tip waiting for a verdict; older ones beyond this are discarded. */
    static final int SAME_TIP_AWAITING_LIMIT = 8;
    /** Templates remembered after they leave for duplicate detection and late verdicts. */
    static final int RECENT_LIMIT = 256;

    private enum Fate {
        WITHHELD,
        /** Distributed without an accepted verdict; a later rejection is worth counting. */
        DISTRIBUTED_UNJUDGED,
        SETTLED
    }

    private static final class Recent {
        final TemplateRef template;
        Fate fate;

        Recent(TemplateRef template, Fate fate) {
            this.template = template;
            this.fate = fate;
        }
    }

    /** A template of the newest tip not distributed yet: waiting for a verdict, or rejected (held). */
    private static final class Withheld {
        final TemplateRef template;

        @Nullable
        Verdict rejection;

        Withheld(TemplateRef template) {
            this.template = template;
        }

        long sequence() {
            return template.sequence();
        }

        boolean rejected() {
            return rejection != null;
        }
    }

    private final ModeSettings config;
    private final long staleHoldMillis;
    private final long prevhashWindowMillis;

    private @Nullable String workingTip;
    private long lastDistributedSequence;
    private @Nullable String newestTip;
    private long newestTipOpenedAt;

    /** Inline only: templates of {@link #newestTip} not yet distributed, by sequence. */
    private final TreeMap<Long, Withheld> withheld = new TreeMap<>();

    private boolean windowOpen;
    private long windowDeadline;
    private long holdSince;

    private final Map<Long, Recent> recent = new LinkedHashMap<>();
    private long lastNow = Long.MIN_VALUE;

    private long templates;
    private long distributedAccepted;
    private long distributedUnchecked;
    private long staleHoldExpiries;
    private long prevhashWindowTimeouts;
    private long prevhashRejectedReleases;
    private long holds;
    private long wouldHaveHeld;
    private long pendingEvicted;
    private long discarded;
    private long ignoredOlderTip;
    private long ignoredOutOfOrder;
    private long verdictsIgnored;
    private long rejectedAfterDistribution;

    public ModeController(ModeSettings config) {
        this.config = Objects.requireNonNull(config, "config");
        this.staleHoldMillis = config.staleHold().toMillis();
        this.prevhashWindowMillis = config.prevhashWindow().toMillis();
    }

    public GatewayMode mode() {
        return config.mode();
    }

    public ModeSettings config() {
        return config;
    }

    /**
     * A template arrived (with its verdict, if already known). The {@link ModeDecision}s name it as given here,
     * also when its verdict arrives later.
     */
    public List<ModeDecision> onTemplate(TemplateRef template, long nowMillis) {
        Objects.requireNonNull(template, "template");
        List<ModeDecision> decisions = advance(nowMillis);
        templates++;
        long sequence = template.sequence();
        if (withheld.containsKey(sequence) || recent.containsKey(sequence)) {
            ignoredOutOfOrder++;
            return decisions;
        }
        String tip = template.prevHash();
        if (newestTip != null && !tip.equals(newestTip) && sequence < newestTipOpenedAt) {
            ignoredOlderTip++;
            remember(template, Fate.SETTLED);
            return decisions;
        }
        if (tip.equals(workingTip) && sequence < lastDistributedSequence) {
            ignoredOutOfOrder++;
            remember(template, Fate.SETTLED);
            return decisions;
        }
        if (!tip.equals(newestTip)) {
            openTip(template);
        }
        if (config.mode().enforces()) {
            admit(template, decisions);
        } else {
            distributeUnchecked(template, decisions);
        }
        return decisions;
    }

    /** The verifier judged the template with this sequence. */
    public List<ModeDecision> onVerdict(long sequence, boolean accepted, String reasonCode, long nowMillis) {
        Objects.requireNonNull(reasonCode, "reasonCode");
        List<ModeDecision> decisions = advance(nowMillis);
        Withheld entry = withheld.get(sequence);
        if (entry != null) {
            if (!accepted && entry.rejected()) {
                verdictsIgnored++;
            } else {
                applyVerdict(entry, new Verdict(accepted, reasonCode), decisions);
            }
            return decisions;
        }
        Recent known = recent.get(sequence);
        if (known == null || known.fate != Fate.DISTRIBUTED_UNJUDGED) {
            verdictsIgnored++;
            return decisions;
        }
        known.fate = Fate.SETTLED;
        if (accepted) {
            verdictsIgnored++;
        } else if (config.mode().enforces()) {
            rejectedAfterDistribution++;
        } else {
            wouldHaveHeld++;
            decisions.add(new ModeDecision.WouldHold(known.template, reasonCode));
        }
        return decisions;
    }

    /**
     * The template source restarted its sequence numbering (a new template-distribution session). Sequences of
     * the old session mean nothing any more: everything withheld is discarded (counted) and the ordering starts
     * again from the next template. Miners keep the work they have.
     */
    public List<ModeDecision> onSourceRestarted(long nowMillis) {
        List<ModeDecision> decisions = advance(nowMillis);
        for (Withheld stale : withheld.values()) {
            discard(stale);
        }
        withheld.clear();
        windowOpen = false;
        recent.clear();
        newestTip = workingTip;
        newestTipOpenedAt = Long.MIN_VALUE;
        lastDistributedSequence = Long.MIN_VALUE;
        return decisions;
    }

    /** The caller's timer fired; applies every deadline that has passed by {@code nowMillis}. */
    public List<ModeDecision> onTimer(long nowMillis) {
        return advance(nowMillis);
    }

    /** When {@link #onTimer(long)} should next be called, or empty when nothing is waiting on time. */
    public OptionalLong nextDeadlineMillis() {
        if (windowOpen) {
            return OptionalLong.of(windowDeadline);
        }
        if (newestHeld() != null) {
            return OptionalLong.of(saturatedSum(holdSince, staleHoldMillis));
        }
        return OptionalLong.empty();
    }

    /** The chain tip of the work miners have now (the last distributed template's prev hash). */
    public Optional<String> workingTip() {
        return Optional.ofNullable(workingTip);
    }

    /** The newest chain tip seen in a template that was not ignored. */
    public Optional<String> newestTip() {
        return Optional.ofNullable(newestTip);
    }

    public ModeCounters counters() {
        return new ModeCounters(
                templates,
                distributedAccepted,
                distributedUnchecked,
                staleHoldExpiries,
                prevhashWindowTimeouts,
                prevhashRejectedReleases,
                holds,
                wouldHaveHeld,
                pendingEvicted,
                discarded,
                ignoredOlderTip,
                ignoredOutOfOrder,
                verdictsIgnored,
                rejectedAfterDistribution,
                withheld.size());
    }

    private List<ModeDecision> advance(long nowMillis) {
        lastNow = Math.max(lastNow, nowMillis);
        List<ModeDecision> decisions = new ArrayList<>();
        OptionalLong deadline = nextDeadlineMillis();
        while (deadline.isPresent() && deadline.getAsLong() <= lastNow) {
            if (windowOpen) {
                expireWindow(decisions);
            } else {
                Withheld held = Objects.requireNonNull(newestHeld());
                staleHoldExpiries++;
                distribute(held, DistributionCause.STALE_HOLD_EXPIRED, decisions);
            }
            deadline = nextDeadlineMillis();
        }
        return decisions;
    }

    /** A template on a tip other than the newest, with a higher sequence: everything withheld is now stale. */
    private void openTip(TemplateRef template) {
        for (Withheld stale : withheld.values()) {
            discard(stale);
        }
        withheld.clear();
        newestTip = template.prevHash();
        newestTipOpenedAt = template.sequence();
        if (!config.mode().enforces() || newestTip.equals(workingTip)) {
            windowOpen = false;
        } else if (!windowOpen) {
            // A window already running keeps its deadline: miners have been on a replaced tip since it opened.
            windowOpen = true;
            windowDeadline = saturatedSum(lastNow, prevhashWindowMillis);
        }
    }

    private void admit(TemplateRef template, List<ModeDecision> decisions) {
        Withheld entry = new Withheld(template);
        withheld.put(template.sequence(), entry);
        remember(template, Fate.WITHHELD);
        Verdict verdict = template.verdict();
        if (verdict != null) {
            applyVerdict(entry, verdict, decisions);
        }
        if (windowOpen) {
            while (withheld.size() > config.prevhashSlots()) {
                pendingEvicted++;
                discard(withheld.pollFirstEntry().getValue());
            }
        } else {
            trimAwaiting();
        }
    }

    private void applyVerdict(Withheld entry, Verdict verdict, List<ModeDecision> decisions) {
        if (verdict.accepted()) {
            distributedAccepted++;
            distribute(entry, DistributionCause.VERDICT_ACCEPTED, decisions);
            return;
        }
        if (!windowOpen) {
            Withheld held = newestHeld();
            if (held != null && held.sequence() > entry.sequence()) {
                withheld.remove(entry.sequence());
                discard(entry);
                return;
            }
            if (held != null) {
                withheld.remove(held.sequence());
                discard(held);
            } else {
                holdSince = lastNow;
            }
        }
        entry.rejection = verdict;
        holds++;
        decisions.add(new ModeDecision.Hold(entry.template, verdict.reasonCode()));
    }

    /** The window ended with nothing accepted: the newest unjudged template, else the newest rejected one. */
    private void expireWindow(List<ModeDecision> decisions) {
        if (withheld.isEmpty()) {
            windowOpen = false;
            return;
        }
        Withheld chosen = null;
        for (Withheld candidate : withheld.descendingMap().values()) {
            if (!candidate.rejected()) {
                chosen = candidate;
                break;
            }
        }
        if (chosen != null) {
            prevhashWindowTimeouts++;
            distribute(chosen, DistributionCause.PREVHASH_WINDOW_EXPIRED, decisions);
        } else {
            prevhashRejectedReleases++;
            distribute(withheld.lastEntry().getValue(), DistributionCause.PREVHASH_REJECTED_RELEASED, decisions);
        }
    }

    /**
     * Sends {@code entry} to miners (the caller counted the cause). Older withheld templates are superseded;
     * newer ones stay on the now working tip, where only the newest rejected one is kept.
     */
    private void distribute(Withheld entry, DistributionCause cause, List<ModeDecision> decisions) {
        withheld.remove(entry.sequence());
        decisions.add(new ModeDecision.Distribute(entry.template, cause));
        Fate fate = cause == DistributionCause.PREVHASH_WINDOW_EXPIRED ? Fate.DISTRIBUTED_UNJUDGED : Fate.SETTLED;
        remember(entry.template, fate);
        workingTip = entry.template.prevHash();
        lastDistributedSequence = entry.sequence();
        windowOpen = false;
        Map<Long, Withheld> superseded = withheld.headMap(entry.sequence());
        for (Withheld old : superseded.values()) {
            discard(old);
        }
        superseded.clear();
        Withheld newestRejected = null;
        for (Iterator<Withheld> it = withheld.descendingMap().values().iterator(); it.hasNext(); ) {
            Withheld newer = it.next();
            if (newer.rejected()) {
                if (newestRejected == null) {
                    newestRejected = newer;
                } else {
                    it.remove();
                    discard(newer);
                }
            }
        }
        trimAwaiting();
        holdSince = lastNow;
    }

    private void distributeUnchecked(TemplateRef template, List<ModeDecision> decisions) {
        distributedUnchecked++;
        decisions.add(new ModeDecision.Distribute(template, DistributionCause.OBSERVE_UNCHECKED));
        workingTip = template.prevHash();
        lastDistributedSequence = template.sequence();
        Verdict verdict = template.verdict();
        if (verdict == null) {
            remember(template, Fate.DISTRIBUTED_UNJUDGED);
        } else {
            remember(template, Fate.SETTLED);
            if (!verdict.accepted()) {
                wouldHaveHeld++;
                decisions.add(new ModeDecision.WouldHold(template, verdict.reasonCode()));
            }
        }
    }

    private void trimAwaiting() {
        int awaiting = 0;
        for (Iterator<Withheld> it = withheld.descendingMap().values().iterator(); it.hasNext(); ) {
            Withheld entry = it.next();
            if (!entry.rejected() && ++awaiting > SAME_TIP_AWAITING_LIMIT) {
                it.remove();
                discard(entry);
            }
        }
    }

    /** The newest rejected template held on the working tip (none while a prevhash window is open). */
    private @Nullable Withheld newestHeld() {
        if (windowOpen) {
            return null;
        }
        for (Withheld entry : withheld.descendingMap().values()) {
            if (entry.rejected()) {
                return entry;
            }
        }
        return null;
    }

    /** Counts a withheld template dropped without distribution; the caller removes it from {@link #withheld}. */
    private void discard(Withheld entry) {
        discarded++;
        remember(entry.template, Fate.SETTLED);
    }

    private void remember(TemplateRef template, Fate fate) {
        Recent known = recent.get(template.sequence());
        if (known != null) {
            known.fate = fate;
            return;
        }
        recent.put(template.sequence(), new Recent(template, fate));
        if (recent.size() > RECENT_LIMIT) {
            Iterator<Long> eldest = recent.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
