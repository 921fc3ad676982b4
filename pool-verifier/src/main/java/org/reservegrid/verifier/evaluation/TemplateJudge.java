package org.reservegrid.verifier.evaluation;

import java.time.Clock;
import java.time.Instant;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.mempool.MempoolTracker;
import org.reservegrid.verifier.metrics.VerifierMetrics;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.PolicyEvaluator;
import org.reservegrid.verifier.policy.TemplateSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Judges templates with the policy in force and the mempool view of the template's own time
 * ({@link MempoolTracker#viewAt}). Never throws: no policy becomes
 * {@code policy_load_error}, an unexpected failure of the engine becomes {@code internal_error}. Cheap enough
 * (microseconds) to run on a Netty event loop.
 */
@Component
public class TemplateJudge {
    private static final Logger log = LoggerFactory.getLogger(TemplateJudge.class);

    private final PolicyStore policies;
    private final MempoolTracker mempool;
    private final VerifierMetrics metrics;
    private final Clock clock;

    public TemplateJudge(PolicyStore policies, MempoolTracker mempool, VerifierMetrics metrics, Clock clock) {
        this.policies = policies;
        this.mempool = mempool;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Judges a template received over TCP, counting it in the verdict metrics. The judgment carries the clock
     * reading whose second was the evaluation time, so the history records when the verdict was judged and a
     * replay can use the same time.
     */
    public Judgment judge(TemplatePropose template) {
        long start = System.nanoTime();
        Instant judgedAt = clock.instant();
        // The mempool of the template's own time: one that waited is not judged with a later count.
        MempoolView view = mempool.viewAt(template.curtime(), judgedAt);
        Judgment judgment = judge(template, view, judgedAt);
        metrics.verdict(judgment.verdict(), System.nanoTime() - start);
        return judgment;
    }

    private Judgment judge(TemplatePropose template, MempoolView view, Instant judgedAt) {
        long now = judgedAt.getEpochSecond();
        ActivePolicy active = policies.active();
        try {
            if (active == null) {
                return new Judgment(
                        TemplateSummary.of(template),
                        PolicyEvaluator.policyLoadError(template.requestId(), view),
                        view,
                        judgedAt);
            }
            PolicyEvaluator.Evaluation evaluation = PolicyEvaluator.evaluateAndSummarize(active, template, view, now);
            return new Judgment(evaluation.template(), evaluation.verdict(), view, judgedAt);
        } catch (RuntimeException e) {
            log.error("policy evaluation failed for request {}", template.requestId(), e);
            return new Judgment(null, PolicyEvaluator.internalError(template.requestId()), view, judgedAt);
        }
    }

    /** Judges without counting: the dry-run evaluate endpoint. */
    public TemplateVerdict evaluate(TemplatePropose template, MempoolView view, long nowEpochSeconds) {
        ActivePolicy active = policies.active();
        if (active == null) {
            return PolicyEvaluator.policyLoadError(template.requestId(), view);
        }
        try {
            return PolicyEvaluator.evaluate(active, template, view, nowEpochSeconds);
        } catch (RuntimeException e) {
            log.error("policy evaluation failed for request {}", template.requestId(), e);
            return PolicyEvaluator.internalError(template.requestId());
        }
    }

    public MempoolView currentMempool() {
        return mempool.view();
    }

    public long nowEpochSeconds() {
        return clock.instant().getEpochSecond();
    }
}
