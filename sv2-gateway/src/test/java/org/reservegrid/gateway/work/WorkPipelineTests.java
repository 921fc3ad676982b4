package org.reservegrid.gateway.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.mode.GatewayMode;
import org.reservegrid.gateway.mode.ModeController;
import org.reservegrid.gateway.mode.ModeSettings;
import org.reservegrid.gateway.support.Await;
import org.reservegrid.gateway.support.Templates;
import org.reservegrid.gateway.template.TemplateEvents;
import tools.jackson.databind.json.JsonMapper;

/** Stream events through the mode controller to distributed work, on the pipeline's own thread and timer. */
class WorkPipelineTests {
    private final List<Long> distributed = new CopyOnWriteArrayList<>();
    private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
    private WorkPipeline pipeline;

    private WorkPipeline pipeline(ModeSettings mode) {
        pipeline = new WorkPipeline(
                new TemplateEvents(JsonMapper.builder().build()),
                new WorkFactory(new byte[] {0x51}, "t"),
                new ModeController(mode),
                work -> distributed.add(work.sequence()),
                metrics);
        return pipeline;
    }

    @AfterEach
    void stop() {
        pipeline.close();
    }

    private static String template(long sequence, int tip) {
        return Templates.empty(sequence, 100 + tip, Templates.hash(tip), Templates.HARD_BITS, 1_000 + sequence)
                .toString();
    }

    @Test
    void observeDistributesEveryTemplateAndCountsWhatInlineWouldHold() {
        WorkPipeline observe = pipeline(ModeSettings.defaults(GatewayMode.OBSERVE));
        observe.onEvent("template", template(1, 1), System.nanoTime());
        observe.onEvent("template", template(2, 1), System.nanoTime());
        observe.onEvent("verdict", Templates.verdict(2, false, "empty_template_rejected"), System.nanoTime());
        Await.until("would-hold counted", () -> metrics.modeCounters().wouldHaveHeld() == 1);
        assertThat(distributed).containsExactly(1L, 2L);
        assertThat(observe.templatesReceived()).isEqualTo(2);
    }

    @Test
    void inlineHoldsRejectedTemplatesAndSendsAcceptedOnes() {
        WorkPipeline inline =
                pipeline(new ModeSettings(GatewayMode.INLINE, Duration.ofSeconds(30), Duration.ofMillis(50), 2));
        // A new tip with no verdict: sent when the 50 ms verdict window ends (a timeout).
        inline.onEvent("template", template(1, 1), System.nanoTime());
        Await.until("window expiry", () -> distributed.contains(1L));
        inline.onEvent("template", template(2, 1), System.nanoTime());
        inline.onEvent("verdict", Templates.verdict(2, false, "avg_fee_below_minimum"), System.nanoTime());
        inline.onEvent("template", template(3, 1), System.nanoTime());
        inline.onEvent("verdict", Templates.verdict(3, true, ""), System.nanoTime());
        Await.until("accepted template sent", () -> distributed.contains(3L));
        assertThat(distributed).containsExactly(1L, 3L);
        assertThat(metrics.modeCounters().holds()).isEqualTo(1);
        assertThat(metrics.modeCounters().prevhashWindowTimeouts()).isEqualTo(1);
    }

    @Test
    void aRestartedTemplateManagerNumberingFromOneIsNotIgnored() {
        WorkPipeline observe = pipeline(ModeSettings.defaults(GatewayMode.OBSERVE));
        observe.onEvent("template", template(40, 1), System.nanoTime());
        observe.onEvent("template", template(1, 1), System.nanoTime());
        observe.onEvent("template", template(2, 1), System.nanoTime());
        Await.until("all three sent", () -> distributed.size() == 3);
        assertThat(distributed).containsExactly(40L, 1L, 2L);
    }

    @Test
    void malformedEventsAreCountedAndSkipped() {
        WorkPipeline observe = pipeline(ModeSettings.defaults(GatewayMode.OBSERVE));
        observe.onEvent("template", "{\"sequence\": 1}", System.nanoTime());
        observe.onEvent("template", template(2, 1), System.nanoTime());
        Await.until("the good one sent", () -> distributed.contains(2L));
        assertThat(metrics.registry()
                        .get("rg.gateway.templates")
                        .tag("result", "malformed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
