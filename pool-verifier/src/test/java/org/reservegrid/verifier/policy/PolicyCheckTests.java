package org.reservegrid.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;

/** The checks of concrete verdicts, as the API lists them, and the fee tier's explanation. */
class PolicyCheckTests {
    private static final ActivePolicy DEFAULTS = new ActivePolicy(Policy.DEFAULTS, 1, "0".repeat(64));

    private static List<CheckResult> checks(
            ActivePolicy active, TemplatePropose template, MempoolView mempool, long now, boolean policyKnown) {
        TemplateVerdict verdict = PolicyEvaluator.evaluate(active, template, mempool, now);
        CheckSubject subject = CheckSubject.recorded(
                template.protocolVersion(),
                template.prevHash(),
                template.coinbaseValue(),
                template.curtime(),
                now,
                verdict.context());
        return PolicyCheck.results(policyKnown ? active.policy() : null, subject, verdict.reasons());
    }

    @Test
    void aPassingTemplateListsEveryCheckTheDefaultPolicyMakesInEvaluationOrder() {
        List<CheckResult> checks = checks(DEFAULTS, Templates.passing(), new MempoolView(10), Templates.NOW + 4, true);

        assertThat(checks)
                .extracting(
                        CheckResult::key,
                        CheckResult::measured,
                        c -> c.comparison().symbol(),
                        CheckResult::threshold,
                        CheckResult::passed,
                        CheckResult::reasonCode)
                .containsExactly(
                        tuple("protocol_version", 2L, "==", 2L, true, "protocol_version_mismatch"),
                        tuple("prev_hash_hex", true, "==", true, true, "invalid_prev_hash"),
                        tuple("required_prevhash_len", 64L, "==", 64L, true, "prev_hash_len_mismatch"),
                        tuple(
                                "reject_coinbase_zero",
                                Templates.COINBASE_VALUE,
                                "!=",
                                0L,
                                true,
                                "coinbase_value_zero_rejected"),
                        tuple("reject_empty_templates", 10L, "!=", 0L, true, "empty_template_rejected"),
                        tuple("max_tx_count", 10L, "<=", 10_000L, true, "tx_count_exceeded"),
                        tuple("min_total_fees", 60_000L, ">=", 0L, true, "total_fees_below_minimum"),
                        tuple("min_avg_fee_mid", 6_000L, ">=", 2_000L, true, "avg_fee_below_minimum"),
                        // 10 x 1,000 + 4,000 reserved = 14,000 WU
                        tuple("max_weight_ratio", 14_000 / 4_000_000.0, "<=", 0.999, true, "weight_ratio_exceeded"),
                        tuple("max_template_age_secs", 4L, "<=", 30L, true, "template_too_old"),
                        tuple("max_sigops_cost", 140L, "<=", 80_000L, true, "sigops_budget_exceeded"),
                        tuple("max_coinbase_sigops", 100L, "<=", 20_000L, true, "coinbase_sigops_exceeded"));
    }

    @Test
    void aLowFeeTemplateFailsTheTiersAverageFeeCheckWithItsNumbers() {
        TemplatePropose template = Templates.template(Templates.transactions(3, 1_999, 1_000, 4));

        List<CheckResult> failed = checks(DEFAULTS, template, new MempoolView(10), Templates.NOW, true).stream()
                .filter(check -> !check.passed())
                .toList();

        assertThat(failed)
                .extracting(CheckResult::key, CheckResult::measured, CheckResult::threshold, CheckResult::label)
                .containsExactly(
                        tuple("min_avg_fee_mid", 1_999L, 2_000L, "average fee per transaction, sat (rounded down)"));
    }

    @Test
    void switchesThatAreOffMakeNoCheck() {
        Policy lenient = PolicyBuilder.defaultsWith(b -> {
            b.rejectEmptyTemplates = false;
            b.rejectCoinbaseZero = false;
        });
        ActivePolicy active = new ActivePolicy(lenient, 1, "0".repeat(64));
        TemplatePropose empty = Templates.withCoinbase(Templates.template(Templates.transactions(0, 0, 0, 0)), 0, 0);

        List<CheckResult> checks = checks(active, empty, new MempoolView(10), Templates.NOW, true);

        assertThat(checks)
                .extracting(CheckResult::key)
                .doesNotContain("reject_empty_templates", "reject_coinbase_zero", "min_avg_fee_mid")
                .contains("max_tx_count");
        assertThat(checks).allMatch(CheckResult::passed);
    }

    @Test
    void anUnknownMempoolRejectedByThePolicyFailsTheMempoolCheckFirst() {
        Policy strict = PolicyBuilder.defaultsWith(b -> b.unknownMempoolAsHigh = false);
        ActivePolicy active = new ActivePolicy(strict, 1, "0".repeat(64));

        List<CheckResult> checks = checks(active, Templates.passing(), MempoolView.unknown(), Templates.NOW, true);

        assertThat(checks.getFirst())
                .extracting(CheckResult::key, CheckResult::measured, CheckResult::threshold, CheckResult::passed)
                .containsExactly("unknown_mempool_as_high", false, true, false);
        assertThat(checks.getFirst().reasonCode()).isEqualTo("mempool_backend_unavailable");
        // The high tier applied: 6,000 sat passes min_avg_fee_hi 5,000.
        assertThat(checks)
                .filteredOn(check -> check.check() == PolicyCheck.AVG_FEE)
                .extracting(CheckResult::key, CheckResult::passed)
                .containsExactly(tuple("min_avg_fee_hi", true));
    }

    @Test
    void withoutTheJudgingPolicyAFailedPolicyValueShowsWhatWasMeasuredAndNoThreshold() {
        TemplatePropose version3 = Templates.withProtocolVersion(Templates.passing(), 3);

        List<CheckResult> checks = checks(DEFAULTS, version3, new MempoolView(10), Templates.NOW, false);

        assertThat(checks)
                .filteredOn(check -> check.check() == PolicyCheck.PROTOCOL_VERSION)
                .extracting(CheckResult::key, CheckResult::measured, CheckResult::threshold, CheckResult::passed)
                .containsExactly(tuple("protocol_version", 3L, null, false));
        // Whether a switch was on is unknown unless it failed: none is listed.
        assertThat(checks)
                .extracting(CheckResult::key)
                .doesNotContain("unknown_mempool_as_high", "reject_coinbase_zero", "reject_empty_templates");
        // Passing equality: the unknown policy value is the measured one.
        assertThat(checks)
                .filteredOn(check -> check.check() == PolicyCheck.PREV_HASH_LENGTH)
                .extracting(CheckResult::measured, CheckResult::threshold, CheckResult::passed)
                .containsExactly(tuple(64L, 64L, true));
        // Limits come from the verdict context, policy or not.
        assertThat(checks)
                .filteredOn(check -> check.check() == PolicyCheck.TX_COUNT)
                .extracting(CheckResult::threshold)
                .containsExactly(10_000L);
    }

    @Test
    void aTemplateNewerThanTheClockIsNeverTooOld() {
        TemplatePropose future = Templates.withCurtime(Templates.passing(), Templates.NOW + 600);

        List<CheckResult> checks = checks(DEFAULTS, future, new MempoolView(10), Templates.NOW, true);

        assertThat(checks)
                .filteredOn(check -> check.check() == PolicyCheck.TEMPLATE_AGE)
                .extracting(CheckResult::measured, CheckResult::passed)
                .containsExactly(tuple(-600L, true));
    }

    @Test
    void theTierExplanationQuotesTheCountAndTheThresholdThatDecided() {
        Policy policy = PolicyBuilder.defaultsWith(b -> {
            b.lowMempoolTx = 1_000;
            b.highMempoolTx = 50_000;
        });

        assertThat(TierBasis.of(policy, new MempoolView(74_042)).explanation())
                .isEqualTo("74,042 mempool transactions >= high_mempool_tx 50,000: high tier");
        assertThat(TierBasis.of(policy, new MempoolView(1)).explanation())
                .isEqualTo("1 mempool transaction <= low_mempool_tx 1,000: low tier");
        assertThat(TierBasis.of(policy, new MempoolView(20_000)).explanation())
                .isEqualTo(
                        "20,000 mempool transactions > low_mempool_tx 1,000 and < high_mempool_tx 50,000: middle tier");
        assertThat(TierBasis.of(policy, MempoolView.unknown()).explanation())
                .isEqualTo("mempool size unknown and unknown_mempool_as_high = true: high tier");
        TierBasis unknown = TierBasis.of(policy, MempoolView.unknown());
        assertThat(unknown.mempoolKnown()).isFalse();
        assertThat(unknown.mempoolTxCount()).isEqualTo(-1);
    }

    @Test
    void everyReasonOfAPolicyCheckIsRaisedByExactlyOneCheck() {
        List<VerdictReason> raised = java.util.Arrays.stream(PolicyCheck.values())
                .map(PolicyCheck::reason)
                .toList();

        assertThat(raised)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(java.util.Arrays.stream(VerdictReason.values())
                        .filter(reason ->
                                reason != VerdictReason.POLICY_LOAD_ERROR && reason != VerdictReason.INTERNAL_ERROR)
                        .toArray(VerdictReason[]::new));
    }
}
