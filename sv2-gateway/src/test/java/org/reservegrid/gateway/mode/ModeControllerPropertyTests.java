package org.reservegrid.gateway.mode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Arbitrary event sequences against the mode controller. A template source builds templates in sequence order on
 * a chain that only moves forward; the gateway receives them in any order, twice or never, with verdicts before,
 * with or after them, and a clock that advances by arbitrary steps with or without timer ticks.
 */
class ModeControllerPropertyTests {
    private static final List<String> TIPS = List.of("tip-a", "tip-b", "tip-c", "tip-d");

    /** One step; the meaning of {@code a} and {@code b} depends on {@code kind}. */
    record Step(int kind, int a, int b) {}

    /** A template built by the source: its sequence, the index of its chain tip, its verdict if known on arrival. */
    record Built(TemplateRef template, int tipIndex) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        // 0 build, 1 deliver, 2 verdict, 3 wait, 4 deliver again
        Arbitrary<Integer> kind =
                Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(4, 1), Tuple.of(3, 2), Tuple.of(3, 3), Tuple.of(1, 4));
        Arbitrary<Integer> value = Arbitraries.integers().between(0, 1_000);
        return Combinators.combine(kind, value, value)
                .as(Step::new)
                .list()
                .ofMinSize(5)
                .ofMaxSize(120);
    }

    @Provide
    Arbitrary<ModeSettings> configs() {
        return Combinators.combine(
                        Arbitraries.of(GatewayMode.class),
                        Arbitraries.longs().between(1, 2_000),
                        Arbitraries.longs().between(1, 100),
                        Arbitraries.integers().between(1, 3))
                .as((mode, stale, window, slots) ->
                        new ModeSettings(mode, Duration.ofMillis(stale), Duration.ofMillis(window), slots));
    }

    @Property(tries = 400)
    void aForwardMovingChainIsNeverDistributedBackwardsAndInlineOnlySendsAcceptedOrCountedWork(
            @ForAll("configs") ModeSettings config, @ForAll("steps") List<Step> steps) {
        Model model = new Model(config);
        for (Step step : steps) {
            model.apply(step);
        }
        model.checkMinersNeverStall();
        ModeCounters counters = model.controller.counters();
        for (DistributionCause cause : DistributionCause.values()) {
            Statistics.label(cause.label()).collect(counters.distributions(cause) > 0);
        }
        Statistics.label("older tip ignored").collect(counters.ignoredOlderTip() > 0);
        Statistics.label("pending evicted").collect(counters.pendingEvicted() > 0);
        Statistics.label("rejected after distribution").collect(counters.rejectedAfterDistribution() > 0);
        // Each rule must actually be reached by the generated runs, or the checks above prove little.
        for (DistributionCause cause : DistributionCause.values()) {
            Statistics.label(cause.label())
                    .coverage(reached -> reached.check(true).count(n -> n > 0));
        }
        Statistics.label("older tip ignored")
                .coverage(reached -> reached.check(true).count(n -> n > 0));
        Statistics.label("pending evicted")
                .coverage(reached -> reached.check(true).count(n -> n > 0));
    }

    @Property(tries = 400)
    void anyEventsWhateverTheirOrderNeverThrowAndKeepTheBooksBalanced(
            @ForAll("configs") ModeSettings config, @ForAll("steps") List<Step> steps) {
        ModeController controller = new ModeController(config);
        Map<DistributionCause, Long> distributions = new EnumMap<>(DistributionCause.class);
        for (Step step : steps) {
            long now = step.b() * 37L - 5_000; // may go backwards, may be negative
            long sequence = step.a() % 23 - 3;
            String tip = TIPS.get(step.b() % TIPS.size());
            List<ModeDecision> decisions = switch (step.kind()) {
                case 0 -> controller.onTemplate(new TemplateRef(sequence, tip, verdict(step.b())), now);
                case 1 -> controller.onTemplate(TemplateRef.unverified(sequence, tip), now);
                case 2 -> controller.onVerdict(sequence, step.b() % 2 == 0, "internal_error", now);
                case 3 -> controller.onTimer(now);
                default -> controller.onSourceRestarted(now);
            };
            tally(decisions, distributions);
            checkBooks(controller, distributions);
        }
    }

    private static Verdict verdict(int choice) {
        return choice % 2 == 0 ? Verdict.accept() : Verdict.reject("avg_fee_below_minimum");
    }

    private static void tally(List<ModeDecision> decisions, Map<DistributionCause, Long> distributions) {
        for (ModeDecision decision : decisions) {
            if (decision instanceof ModeDecision.Distribute distribute) {
                distributions.merge(distribute.cause(), 1L, Long::sum);
            }
        }
    }

    private static void checkBooks(ModeController controller, Map<DistributionCause, Long> distributions) {
        ModeCounters counters = controller.counters();
        for (DistributionCause cause : DistributionCause.values()) {
            assertThat(counters.distributions(cause))
                    .as(cause.label())
                    .isEqualTo(distributions.getOrDefault(cause, 0L));
        }
        assertThat(counters.templates())
                .isEqualTo(counters.distributed()
                        + counters.ignoredOlderTip()
                        + counters.ignoredOutOfOrder()
                        + counters.discarded()
                        + counters.withheld());
        assertThat(counters.withheld())
                .isLessThanOrEqualTo(
                        Math.max(controller.config().prevhashSlots(), ModeController.SAME_TIP_AWAITING_LIMIT + 1));
        if (!controller.mode().enforces()) {
            assertThat(counters.withheld()).isZero();
            assertThat(controller.nextDeadlineMillis()).isEmpty();
            assertThat(counters.distributed()).isEqualTo(counters.distributedUnchecked());
        } else {
            assertThat(counters.distributedUnchecked()).isZero();
            assertThat(counters.wouldHaveHeld()).isZero();
        }
    }

    /** Drives a controller the way a real template source would and checks each decision as it comes. */
    private static final class Model {
        final ModeController controller;
        final boolean inline;
        final List<Built> undelivered = new ArrayList<>();
        final List<Built> delivered = new ArrayList<>();
        final Set<Long> deliveredSequences = new HashSet<>();
        final Map<Long, Integer> tipOf = new HashMap<>();
        final Map<Long, Boolean> knownVerdicts = new HashMap<>();
        final Map<DistributionCause, Long> distributions = new EnumMap<>(DistributionCause.class);
        long holds;
        long wouldHolds;
        long nextSequence = 1;
        int tipIndex;
        int highestDistributedTip = -1;
        long now;

        Model(ModeSettings config) {
            controller = new ModeController(config);
            inline = config.mode().enforces();
        }

        void apply(Step step) {
            switch (step.kind()) {
                case 0 -> build(step);
                case 1 -> deliver(undelivered.isEmpty() ? null : undelivered.remove(step.a() % undelivered.size()));
                case 2 -> verdict(verdictTarget(step), step.b() % 3 != 0);
                case 3 -> waitFor(step);
                default -> deliver(delivered.isEmpty() ? null : delivered.get(step.a() % delivered.size()));
            }
        }

        /** Mostly a delivered template, as verifiers judge what they were sent; sometimes any sequence. */
        long verdictTarget(Step step) {
            if (delivered.isEmpty() || step.b() % 5 == 0) {
                return step.a() % (nextSequence + 3);
            }
            return delivered
                    .get(delivered.size() - 1 - step.a() % Math.min(3, delivered.size()))
                    .template()
                    .sequence();
        }

        void build(Step step) {
            if (step.a() % 4 == 0) {
                tipIndex++;
            }
            long sequence = nextSequence++;
            Verdict verdict = switch (step.b() % 3) {
                case 0 -> null;
                case 1 -> Verdict.accept();
                default -> Verdict.reject("empty_template_rejected");
            };
            tipOf.put(sequence, tipIndex);
            undelivered.add(new Built(new TemplateRef(sequence, "tip-" + tipIndex, verdict), tipIndex));
        }

        void deliver(Built built) {
            if (built == null) {
                return;
            }
            TemplateRef template = built.template();
            boolean first = deliveredSequences.add(template.sequence());
            if (first) {
                delivered.add(built);
            }
            ModeCounters before = controller.counters();
            List<ModeDecision> decisions = controller.onTemplate(template, now);
            ModeCounters after = controller.counters();
            boolean ignored = after.ignoredOlderTip() + after.ignoredOutOfOrder()
                    > before.ignoredOlderTip() + before.ignoredOutOfOrder();
            check(
                    decisions,
                    template.sequence(),
                    template.verdict() != null && template.verdict().accepted());
            if (first && template.verdict() != null) {
                knownVerdicts.put(template.sequence(), template.verdict().accepted());
            }
            if (!inline && !ignored) {
                assertThat(decisions)
                        .contains(new ModeDecision.Distribute(template, DistributionCause.OBSERVE_UNCHECKED));
            }
        }

        void verdict(long sequence, boolean accepted) {
            List<ModeDecision> decisions = controller.onVerdict(sequence, accepted, "accepted_or_not", now);
            check(decisions, sequence, accepted);
            if (deliveredSequences.contains(sequence)) {
                knownVerdicts.put(sequence, accepted);
            }
        }

        void waitFor(Step step) {
            now += switch (step.a() % 4) {
                case 0 -> step.b() % 30;
                case 1 -> 40 + step.b() % 20;
                case 2 -> step.b() * 40L;
                default -> 0;
            };
            if (step.b() % 3 != 0) {
                check(controller.onTimer(now), -1, false);
            }
        }

        /** {@code input} and {@code inputAccepted}: the template or verdict this call reported, if accepted. */
        void check(List<ModeDecision> decisions, long input, boolean inputAccepted) {
            for (ModeDecision decision : decisions) {
                switch (decision) {
                    case ModeDecision.Distribute distribute -> checkDistribution(distribute, input, inputAccepted);
                    case ModeDecision.Hold hold -> holds++;
                    case ModeDecision.WouldHold wouldHold -> wouldHolds++;
                }
            }
            ModeCounters counters = controller.counters();
            checkBooks(controller, distributions);
            assertThat(counters.holds()).isEqualTo(holds);
            assertThat(counters.wouldHaveHeld()).isEqualTo(wouldHolds);
            assertThat(counters.releases()).isLessThanOrEqualTo(counters.holds());
        }

        void checkDistribution(ModeDecision.Distribute distribute, long input, boolean inputAccepted) {
            long sequence = distribute.template().sequence();
            int tip = tipOf.get(sequence);
            assertThat(tip).as("tip of a distributed template").isGreaterThanOrEqualTo(highestDistributedTip);
            highestDistributedTip = tip;
            distributions.merge(distribute.cause(), 1L, Long::sum);
            Boolean known = knownVerdicts.get(sequence);
            switch (distribute.cause()) {
                case VERDICT_ACCEPTED -> {
                    assertThat(inline).isTrue();
                    assertThat(sequence).isEqualTo(input);
                    assertThat(inputAccepted).isTrue();
                }
                case PREVHASH_WINDOW_EXPIRED -> {
                    assertThat(inline).isTrue();
                    assertThat(known)
                            .as("verdict of a template sent on timeout")
                            .isNull();
                }
                case STALE_HOLD_EXPIRED, PREVHASH_REJECTED_RELEASED -> {
                    assertThat(inline).isTrue();
                    assertThat(known).as("verdict of a released template").isFalse();
                }
                case OBSERVE_UNCHECKED -> assertThat(inline).isFalse();
            }
        }

        void checkMinersNeverStall() {
            if (!inline) {
                return;
            }
            List<ModeDecision> decisions = controller.onTimer(
                    now + controller.config().prevhashWindow().toMillis());
            check(decisions, -1, false);
            assertThat(controller.workingTip()).isEqualTo(controller.newestTip());
        }
    }
}
