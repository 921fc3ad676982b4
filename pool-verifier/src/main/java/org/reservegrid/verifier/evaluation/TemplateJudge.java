package org.reservegrid.verifier.evaluation;

import java.time.Clock;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.mempool.MempoolTracker;
import org.reservegrid.verifier.metrics.VerifierMetrics;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.PolicyEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Judges templates with the policy in force and the current mempool view. Never throws: no policy becomes
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

    /** Judges a template received over TCP, counting it in the verdict metrics. */
    public TemplateVerdict judge(TemplatePropose template) {
        long start = System.nanoTime();
        TemplateVerdict verdict = evaluate(template, mempool.view(), clock.millis() / 1000);
        metrics.verdict(verdict, System.nanoTime() - start);
        return verdict;
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
        return clock.millis() / 1000;
    }
}
