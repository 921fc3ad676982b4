package org.reservegrid.gateway.mode;

/**
 * A snapshot of the mode controller's counters (all since start) and of what it withholds right now.
 *
 * <p>Every template received ends in exactly one place, so {@code templates == distributed() + ignoredOlderTip +
 * ignoredOutOfOrder + discarded + withheld}.
 *
 * @param templates templates received
 * @param distributedAccepted distributed because the verifier accepted them (inline)
 * @param distributedUnchecked distributed without a verdict because the mode does not enforce (observe, shadow)
 * @param staleHoldExpiries held templates released because the stale hold timer expired
 * @param prevhashWindowTimeouts templates of a new tip distributed unjudged because the verdict window expired
 * @param prevhashRejectedReleases rejected templates of a new tip released at the end of the verdict window
 * @param holds templates inline withheld because the verifier rejected them
 * @param wouldHaveHeld templates observe or shadow distributed although the verifier rejected them
 * @param pendingEvicted templates of a new tip pushed out of the full prevhash buffer by a newer one
 * @param discarded withheld templates dropped without being distributed: superseded by a newer distributed or
 *     held template, by a new tip, or evicted (includes {@code pendingEvicted})
 * @param ignoredOlderTip templates for a chain tip older than the newest one seen
 * @param ignoredOutOfOrder templates seen before, or older than work already distributed on the same tip
 * @param verdictsIgnored verdicts for unknown templates, or that changed nothing
 * @param rejectedAfterDistribution inline: rejected verdicts that arrived after the template went out unjudged
 * @param withheld templates withheld right now (waiting for a verdict or held)
 */
public record ModeCounters(
        long templates,
        long distributedAccepted,
        long distributedUnchecked,
        long staleHoldExpiries,
        long prevhashWindowTimeouts,
        long prevhashRejectedReleases,
        long holds,
        long wouldHaveHeld,
        long pendingEvicted,
        long discarded,
        long ignoredOlderTip,
        long ignoredOutOfOrder,
        long verdictsIgnored,
        long rejectedAfterDistribution,
        int withheld) {

    /** Templates distributed for {@code cause}. */
    public long distributions(DistributionCause cause) {
        return switch (cause) {
            case VERDICT_ACCEPTED -> distributedAccepted;
            case OBSERVE_UNCHECKED -> distributedUnchecked;
            case STALE_HOLD_EXPIRED -> staleHoldExpiries;
            case PREVHASH_WINDOW_EXPIRED -> prevhashWindowTimeouts;
            case PREVHASH_REJECTED_RELEASED -> prevhashRejectedReleases;
        };
    }

    /** Templates distributed, for any cause. */
    public long distributed() {
        return distributedAccepted
                + distributedUnchecked
                + staleHoldExpiries
                + prevhashWindowTimeouts
                + prevhashRejectedReleases;
    }

    /** Rejected templates inline released anyway (stale hold expiry or the end of a prevhash window). */
    public long releases() {
        return staleHoldExpiries + prevhashRejectedReleases;
    }
}
