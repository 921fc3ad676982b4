package org.reservegrid.gateway.api;

import org.reservegrid.gateway.mode.ModeSettings;

/**
 * {@code mode_settings} of {@code GET /api/stats}: the mode and inline's timers, in milliseconds whatever unit their
 * variables take ({@code VELDRA_GATEWAY_STALE_HOLD_SECS} allows fractions of a second). Observe and shadow never wait
 * on the timers; they are shown in every mode so a dashboard sees what inline would use.
 *
 * @param mode {@code shadow}, {@code observe} or {@code inline}
 * @param staleHoldMs how long inline holds rejected templates on the working tip before releasing the newest
 * @param prevhashWindowMs how long inline waits for a verdict on a new chain tip before distributing anyway
 * @param prevhashSlots how many templates of a new tip are kept while waiting
 */
record ModeSettingsBody(String mode, long staleHoldMs, long prevhashWindowMs, int prevhashSlots) {

    static ModeSettingsBody of(ModeSettings settings) {
        return new ModeSettingsBody(
                settings.mode().label(),
                settings.staleHold().toMillis(),
                settings.prevhashWindow().toMillis(),
                settings.prevhashSlots());
    }
}
