package org.reservegrid.gateway.mode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides which templates reach miners in the configured {@link GatewayMode}. Pure and single-threaded: time is
 * an argument, and timers are a deadline the caller schedules ({@link #nextDeadlineMillis()}) and reports back
 * ({@link #onTimer(long)}). Every input first applies the deadlines that have passed by its {@code nowMillis}, so
 * the outcome does not depend on how promptly the caller's timer fired.
 *
 * <p>Lifecycle: create one per gateway; call {@link #onTemplate} for every template, {@link #onVerdict} for every
 * verdict, and after each call re-arm the timer at {@link #nextDeadlineMillis()}. Act on every {@link
 * ModeDecision.Distribute} returned, in order.
 */
public final class ModeController {
    private final ModeConfig config;

    public ModeController(ModeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public GatewayMode mode() {
        return config.mode();
    }

    public ModeConfig config() {
        return config;
    }

    /** A template arrived (with its verdict, if already known). */
    public List<ModeDecision> onTemplate(TemplateRef template, long nowMillis) {
        Objects.requireNonNull(template, "template");
        return List.of();
    }

    /** The verifier judged the template with this sequence. */
    public List<ModeDecision> onVerdict(long sequence, boolean accepted, String reasonCode, long nowMillis) {
        Objects.requireNonNull(reasonCode, "reasonCode");
        return List.of();
    }

    /** The caller's timer fired; applies every deadline that has passed by {@code nowMillis}. */
    public List<ModeDecision> onTimer(long nowMillis) {
        return List.of();
    }

    /** When {@link #onTimer(long)} should next be called, or empty when nothing is waiting on time. */
    public OptionalLong nextDeadlineMillis() {
        return OptionalLong.empty();
    }

    /** The chain tip of the work miners have now (the last distributed template's prev hash). */
    public Optional<String> workingTip() {
        return Optional.empty();
    }

    /** The newest chain tip seen in a template that was not ignored. */
    public Optional<String> newestTip() {
        return Optional.empty();
    }

    public ModeCounters counters() {
        return new ModeCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
