package org.reservegrid.gateway.work;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.mode.ModeController;
import org.reservegrid.gateway.mode.ModeDecision;
import org.reservegrid.gateway.mode.ModeSettings;
import org.reservegrid.gateway.mode.TemplateRef;
import org.reservegrid.gateway.template.StreamTemplate;
import org.reservegrid.gateway.template.TemplateEvents;
import org.reservegrid.gateway.template.TemplateStreamClient;
import org.reservegrid.gateway.template.TemplateVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From stream events to distributed work, on one thread: parses each template, builds its {@link Work}, asks the
 * {@link ModeController} what to do with it (and with each verdict, and when its timer is due) and hands every
 * template the mode releases to the distributor, in order.
 *
 * <p>template-manager numbers its templates from 1 at every start. A template numbered below the last one seen
 * means it restarted, and the controller is told so
 * ({@link ModeController#onSourceRestarted}) instead of ignoring the new numbers as out of order.
 */
public final class WorkPipeline implements TemplateStreamClient.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkPipeline.class);
    /** Templates kept for the mode to release later (held or waiting for a verdict). */
    private static final int RETAINED = 64;

    private final TemplateEvents events;
    private final WorkFactory factory;
    private final Consumer<Work> distributor;
    private final GatewayMetrics metrics;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("work-pipeline").daemon(true).factory());
    private final Map<Long, Work> retained = new LinkedHashMap<>(RETAINED * 2, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Work> eldest) {
            return size() > RETAINED;
        }
    };

    private final ModeController controller;
    private long lastSequence = -1;
    private @Nullable ScheduledFuture<?> timer;
    private volatile @Nullable Work latestTemplate;
    private volatile long templatesReceived;

    public WorkPipeline(
            TemplateEvents events,
            WorkFactory factory,
            ModeController controller,
            Consumer<Work> distributor,
            GatewayMetrics metrics) {
        this.events = events;
        this.factory = factory;
        this.controller = controller;
        this.distributor = distributor;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(String name, String data, long receivedAtNanos) {
        thread.execute(() -> {
            try {
                switch (name) {
                    case "template" -> template(data, receivedAtNanos);
                    case "verdict" -> verdict(data);
                    default -> log.debug("ignoring template stream event '{}'", name);
                }
            } catch (TemplateEvents.MalformedEventException | IllegalArgumentException e) {
                metrics.template("malformed");
                log.warn("ignoring a malformed {} event: {}", name, e.getMessage());
            } catch (RuntimeException e) {
                metrics.template("malformed");
                log.error("could not process a {} event", name, e);
            }
        });
    }

    private void template(String data, long receivedAtNanos) {
        StreamTemplate template = events.template(data, receivedAtNanos);
        Work work = factory.build(template);
        metrics.template("received");
        templatesReceived++;
        latestTemplate = work;
        if (template.sequence() < lastSequence) {
            log.warn(
                    "template sequence went back from {} to {}: template-manager restarted; the mode starts afresh",
                    lastSequence,
                    template.sequence());
            retained.clear();
            apply(controller.onSourceRestarted(System.currentTimeMillis()));
        }
        lastSequence = template.sequence();
        retained.put(template.sequence(), work);
        log.debug(
                "template {} at height {} ({} txs, commitment {})",
                template.sequence(),
                template.height(),
                template.transactions().size(),
                work.witnessCommitment());
        apply(controller.onTemplate(
                TemplateRef.unverified(template.sequence(), template.prevHash().toHex()), System.currentTimeMillis()));
    }

    private void verdict(String data) {
        TemplateVerdict verdict = events.verdict(data);
        metrics.template("verdict");
        String reason = verdict.accepted()
                ? "accepted"
                : verdict.reasonCode() == null ? verdict.outcome() : verdict.reasonCode();
        apply(controller.onVerdict(verdict.sequence(), verdict.accepted(), reason, System.currentTimeMillis()));
    }

    private void onTimer() {
        try {
            apply(controller.onTimer(System.currentTimeMillis()));
        } catch (RuntimeException e) {
            log.error("mode timer failed", e);
        }
    }

    private void apply(List<ModeDecision> decisions) {
        for (ModeDecision decision : decisions) {
            switch (decision) {
                case ModeDecision.Distribute distribute -> {
                    Work work = retained.get(distribute.template().sequence());
                    if (work == null) {
                        log.warn(
                                "mode released template {}, which is no longer retained",
                                distribute.template().sequence());
                    } else {
                        log.debug(
                                "distributing template {} ({})",
                                work.sequence(),
                                distribute.cause().label());
                        distributor.accept(work);
                    }
                }
                case ModeDecision.Hold hold ->
                    log.info(
                            "holding template {}: the verifier rejected it ({})",
                            hold.template().sequence(),
                            hold.reasonCode());
                case ModeDecision.WouldHold wouldHold ->
                    log.info(
                            "template {} distributed although the verifier rejected it ({}); inline would hold it",
                            wouldHold.template().sequence(),
                            wouldHold.reasonCode());
            }
        }
        metrics.modeCounters(controller.counters());
        rearm();
    }

    private void rearm() {
        ScheduledFuture<?> previous = timer;
        if (previous != null) {
            previous.cancel(false);
            timer = null;
        }
        OptionalLong deadline = controller.nextDeadlineMillis();
        if (deadline.isPresent()) {
            long delay = Math.max(0, deadline.getAsLong() - System.currentTimeMillis());
            timer = thread.schedule(this::onTimer, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The newest template read off the stream (distributed or not). */
    public @Nullable Work latestTemplate() {
        return latestTemplate;
    }

    public long templatesReceived() {
        return templatesReceived;
    }

    public String mode() {
        return controller.mode().label();
    }

    /** The mode and its timers, as the controller was configured. */
    public ModeSettings modeSettings() {
        return controller.config();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
