package org.reservegrid.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;

/**
 * The checks the API lists for a verdict, rebuilt from what the history records (the template's header facts,
 * the verdict context and the evaluation second), against what {@link PolicyEvaluator} decided.
 */
class PolicyCheckPropertiesTests {

    @Property(tries = 3000)
    void aCheckFailsExactlyWhenTheEvaluatorReportsItsReason(
            @ForAll("policies") Policy policy,
            @ForAll("templates") TemplatePropose template,
            @ForAll("mempools") MempoolView mempool,
            @ForAll("times") long now) {
        TemplateVerdict verdict = PolicyEvaluator.evaluate(active(policy), template, mempool, now);
        CheckSubject subject = recordedSubject(template, verdict.context(), now);

        List<CheckResult> checks = PolicyCheck.results(policy, subject, verdict.reasons());

        List<VerdictReason> failed = checks.stream()
                .filter(check -> !check.passed())
                .map(check -> check.check().reason())
                .toList();
        if (verdict.reasons().contains(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE)) {
            // The mempool check is then the verdict's only reason; the others are still computed (high tier).
            assertThat(verdict.reasons()).containsExactly(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE);
            assertThat(checks.getFirst().check()).isEqualTo(PolicyCheck.MEMPOOL_KNOWN);
            assertThat(checks.getFirst().passed()).isFalse();
        } else {
            assertThat(failed).isEqualTo(verdict.reasons());
        }
        Statistics.label("failed checks").collect(failed.size());
        Statistics.label("outcome")
                .collect(
                        verdict.reasonCode() == null
                                ? "accepted"
                                : verdict.reasonCode().text());
        assertInEvaluationOrder(checks);
        for (CheckResult check : checks) {
            assertShownValuesDecideIt(check, subject);
            assertThresholdIsThePolicysValue(check, policy);
        }
    }

    @Property(tries = 2000)
    void withoutTheJudgingPolicyEveryListedCheckAgreesWithTheExactOne(
            @ForAll("policies") Policy policy,
            @ForAll("templates") TemplatePropose template,
            @ForAll("mempools") MempoolView mempool,
            @ForAll("times") long now,
            @ForAll boolean protocolVersionRecorded) {
        TemplateVerdict verdict = PolicyEvaluator.evaluate(active(policy), template, mempool, now);
        CheckSubject subject = recordedSubject(template, verdict.context(), now);
        CheckSubject partial = protocolVersionRecorded ? subject : withoutProtocolVersion(subject);
        Map<PolicyCheck, CheckResult> exact = new EnumMap<>(PolicyCheck.class);
        PolicyCheck.results(policy, subject, verdict.reasons()).forEach(check -> exact.put(check.check(), check));

        List<CheckResult> inferred = PolicyCheck.results(null, partial, verdict.reasons());

        assertInEvaluationOrder(inferred);
        for (CheckResult check : inferred) {
            CheckResult truth = exact.get(check.check());
            assertThat(truth).as("%s is listed only with the policy", check).isNotNull();
            assertThat(check.key()).isEqualTo(truth.key());
            assertThat(check.passed()).as(check.toString()).isEqualTo(truth.passed());
            assertThat(check.measured()).isIn(truth.measured(), null);
            assertThat(check.threshold()).isIn(truth.threshold(), null);
        }
        for (VerdictReason reason : verdict.reasons()) {
            assertThat(inferred).as("reported %s", reason).anySatisfy(check -> {
                assertThat(check.check().reason()).isEqualTo(reason);
                assertThat(check.passed()).isFalse();
            });
        }
        Statistics.label("listed without the policy").collect(inferred.size());
    }

    @Property(tries = 2000)
    void aTemplateAndItsSummaryGetTheSameVerdict(
            @ForAll("policies") Policy policy,
            @ForAll("templates") TemplatePropose template,
            @ForAll("mempools") MempoolView mempool,
            @ForAll("times") long now) {
        ActivePolicy active = active(policy);

        TemplateVerdict fromTemplate = PolicyEvaluator.evaluate(active, template, mempool, now);
        TemplateVerdict fromSummary =
                PolicyEvaluator.evaluateSummary(active, TemplateSummary.of(template), mempool, now);

        assertThat(withoutTiming(fromSummary)).isEqualTo(withoutTiming(fromTemplate));
    }

    @Property(tries = 1000)
    void theTierBasisNamesTheTierTheVerdictUsed(
            @ForAll("policies") Policy policy,
            @ForAll("templates") TemplatePropose template,
            @ForAll("mempools") MempoolView mempool) {
        TemplateVerdict verdict = PolicyEvaluator.evaluate(active(policy), template, mempool, Templates.NOW);

        TierBasis basis = TierBasis.of(policy, mempool);

        assertThat(basis.tier()).isEqualTo(verdict.context().tier());
        assertThat(basis.mempoolTxCount()).isEqualTo(verdict.context().mempoolTxCount());
        assertThat(basis.lowMempoolTx()).isEqualTo(policy.lowMempoolTx());
        assertThat(basis.highMempoolTx()).isEqualTo(policy.highMempoolTx());
        String tierWord = switch (basis.tier()) {
            case LO -> "low tier";
            case MID -> "middle tier";
            case HI -> "high tier";
        };
        if (mempool.known() || policy.unknownMempoolAsHigh()) {
            assertThat(basis.explanation()).endsWith(": " + tierWord);
        } else {
            assertThat(basis.explanation()).contains("mempool_backend_unavailable");
        }
    }

    /** The subject the API builds from a recorded verdict (what {@code VerdictJson} passes from the record). */
    private static CheckSubject recordedSubject(TemplatePropose template, VerdictContext context, long now) {
        return CheckSubject.recorded(
                template.protocolVersion(),
                template.prevHash(),
                template.coinbaseValue(),
                template.curtime(),
                now,
                context);
    }

    private static CheckSubject withoutProtocolVersion(CheckSubject subject) {
        return new CheckSubject(
                subject.mempoolKnown(),
                -1,
                subject.prevHash(),
                subject.coinbaseValue(),
                subject.ageBeyondAnyLimit(),
                subject.tier(),
                subject.thresholds(),
                subject.measured());
    }

    private static ActivePolicy active(Policy policy) {
        return new ActivePolicy(policy, 1, PolicyParser.sha256Hex(PolicyParser.toToml(policy)));
    }

    private static TemplateVerdict withoutTiming(TemplateVerdict verdict) {
        VerdictContext c = verdict.context();
        return new TemplateVerdict(
                verdict.requestId(),
                verdict.accepted(),
                verdict.reasonCode(),
                verdict.reasons(),
                new VerdictContext(
                        c.tier(),
                        c.mempoolTxCount(),
                        c.thresholds(),
                        c.measured(),
                        c.policyVersion(),
                        c.policyHash(),
                        0));
    }

    private static void assertInEvaluationOrder(List<CheckResult> checks) {
        for (int i = 1; i < checks.size(); i++) {
            assertThat(checks.get(i).check().ordinal())
                    .isGreaterThan(checks.get(i - 1).check().ordinal());
        }
    }

    /**
     * What the operator reads decides the check: {@code measured comparison threshold} holds exactly when it passed
     * (a template whose age overflowed is the one exception: its saturated age fails even a maximal limit).
     */
    private static void assertShownValuesDecideIt(CheckResult check, CheckSubject subject) {
        boolean holds = holds(check.comparison(), check.measured(), check.threshold());
        if (check.check() == PolicyCheck.TEMPLATE_AGE && subject.ageBeyondAnyLimit()) {
            assertThat(check.passed()).isFalse();
        } else {
            assertThat(check.passed()).as(check.toString()).isEqualTo(holds);
        }
    }

    /**
     * Each check applies the policy key it names: a limit's threshold is that key's value (the tier's
     * {@code min_avg_fee_*} for the average fee), a switch is only listed when it is on.
     */
    private static void assertThresholdIsThePolicysValue(CheckResult check, Policy policy) {
        if (check.check() == PolicyCheck.PREV_HASH_HEX) {
            assertThat(check.key()).isEqualTo("prev_hash_hex");
            return;
        }
        PolicyKey key = PolicyKey.fromTomlName(check.key());
        assertThat(key).as(check.key()).isNotNull();
        if (key.kind() == PolicyKey.Kind.BOOLEAN) {
            boolean on = key != PolicyKey.UNKNOWN_MEMPOOL_AS_HIGH;
            assertThat(key.valueIn(policy)).isEqualTo(on);
        } else {
            assertThat(check.threshold()).isEqualTo(key.valueIn(policy));
        }
    }

    private static boolean holds(Comparison comparison, @Nullable Object measured, @Nullable Object threshold) {
        return switch (measured) {
            case Long m -> comparison.holds(m, (Long) threshold);
            case Double m -> comparison.holds(m, (Double) threshold);
            case Boolean m -> comparison.holds(m, (Boolean) threshold);
            case null, default -> throw new AssertionError("unexpected measured value " + measured);
        };
    }

    @Provide
    Arbitrary<Policy> policies() {
        return PolicyArbitraries.policies();
    }

    @Provide
    Arbitrary<TemplatePropose> templates() {
        return PolicyArbitraries.templates();
    }

    @Provide
    Arbitrary<MempoolView> mempools() {
        return PolicyArbitraries.mempools();
    }

    @Provide
    Arbitrary<Long> times() {
        return PolicyArbitraries.times();
    }
}
