package org.reservegrid.gateway.mode;

import java.util.Locale;

/** Why a template was sent to miners. */
public enum DistributionCause {
    /** Inline: the verifier accepted it. */
    VERDICT_ACCEPTED,
    /** Observe or shadow: every template is distributed without waiting for a verdict. */
    OBSERVE_UNCHECKED,
    /** Inline: the stale hold timer expired while holding rejected templates; the newest held one is released. */
    STALE_HOLD_EXPIRED,
    /** Inline: the prevhash window ended with no accepted template; the newest unjudged one is sent (a timeout). */
    PREVHASH_WINDOW_EXPIRED,
    /** Inline: the prevhash window ended and every waiting template was rejected; the newest is released. */
    PREVHASH_REJECTED_RELEASED;

    /** The snake_case label used in metrics and logs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
