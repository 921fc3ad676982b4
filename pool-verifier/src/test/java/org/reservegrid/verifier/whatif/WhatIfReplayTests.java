package org.reservegrid.verifier.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.evaluation.Judgment;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.CheckResult;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.PolicyEvaluator;
import org.reservegrid.verifier.policy.PolicyParseResult;
import org.reservegrid.verifier.policy.PolicyParser;
import org.reservegrid.verifier.support.Proposals;

/** The what-if ring and the replay of its judgments against a draft policy. */
class WhatIfReplayTests {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00.250Z");
    private static final MempoolView MID_TIER = new MempoolView(10);

    private static ActivePolicy policy(String toml, long version) {
        return ActivePolicy.of((PolicyParseResult.Parsed) PolicyParser.parse(toml), version);
    }

    private static final ActivePolicy DEFAULTS = policy("", 1);
    private static final ActivePolicy STRICTER_MID = policy("[policy]\nmin_avg_fee_mid = 5000\n", 0);

    private static RecentJudgments ring(int capacity) {
        return new RecentJudgments(VerifierSettings.from(
                new EnvConfig(Map.of(VerifierSettings.WHATIF_TEMPLATES, Integer.toString(capacity)))));
    }

    /** Judges as the TCP path does: the template's curtime is the clock's second, so its age is 0. */
    private static Judgment judged(ActivePolicy active, TemplatePropose template, MempoolView mempool, Instant at) {
        PolicyEvaluator.Evaluation evaluation =
                PolicyEvaluator.evaluateAndSummarize(active, template, mempool, at.getEpochSecond());
        return new Judgment(evaluation.template(), evaluation.verdict(), mempool, at);
    }

    private static TemplatePropose withFeeAt(long requestId, long fee, Instant at) {
        TemplatePropose t = Proposals.withFee(requestId, fee);
        return new TemplatePropose(
                t.requestId(),
                t.protocolVersion(),
                t.prevHash(),
                t.version(),
                t.bits(),
                t.height() + requestId,
                at.getEpochSecond(),
                t.coinbaseValue(),
                t.coinbaseSigops(),
                t.transactions());
    }

    @Test
    void theRingKeepsTheNewestJudgmentsNewestFirst() {
        RecentJudgments ring = ring(3);
        for (long id = 1; id <= 5; id++) {
            ring.remember(judged(DEFAULTS, withFeeAt(id, 6_000, AT), MID_TIER, AT), id);
        }

        RecentJudgments.Snapshot all = ring.newest(3);
        RecentJudgments.Snapshot two = ring.newest(2);

        assertThat(all.kept()).isEqualTo(3);
        assertThat(all.newestFirst()).extracting(KeptJudgment::verdictId).containsExactly(5L, 4L, 3L);
        assertThat(two.kept()).isEqualTo(3);
        assertThat(two.newestFirst()).extracting(KeptJudgment::verdictId).containsExactly(5L, 4L);
        assertThat(ring(4).newest(4).kept()).isZero();
    }

    @Test
    void aJudgmentWithoutASummaryIsNotKept() {
        RecentJudgments ring = ring(3);

        ring.remember(new Judgment(null, PolicyEvaluator.internalError(1), MID_TIER, AT), 1L);

        assertThat(ring.newest(3).kept()).isZero();
    }

    @Test
    void aStricterDraftFlipsTheVerdictsItWouldRejectWithItsReasonsAndChecks() {
        RecentJudgments ring = ring(10);
        long[] fees = {6_000, 3_000, 1, 4_999, 5_000, 3_000};
        for (int i = 0; i < fees.length; i++) {
            long id = i + 1;
            Instant at = AT.plusSeconds(i);
            ring.remember(judged(DEFAULTS, withFeeAt(id, fees[i], at), MID_TIER, at), 100 + id);
        }

        WhatIf.Outcome outcome = WhatIf.replay(STRICTER_MID, ring.newest(10));

        assertThat(outcome.kept()).isEqualTo(6);
        assertThat(outcome.evaluated()).isEqualTo(6);
        // Accepted before: every fee >= 2,000 (5 of 6); after: >= 5,000 (2 of 6).
        assertThat(outcome.acceptedBefore()).isEqualTo(5);
        assertThat(outcome.acceptedAfter()).isEqualTo(2);
        assertThat(outcome.flipsCount()).isEqualTo(3);
        assertThat(outcome.flips())
                .extracting(
                        flip -> flip.before().verdictId(),
                        flip -> flip.before().verdict().accepted(),
                        flip -> flip.after().reasons())
                .containsExactly(
                        tuple(106L, true, List.of(VerdictReason.AVG_FEE_BELOW_MINIMUM)),
                        tuple(104L, true, List.of(VerdictReason.AVG_FEE_BELOW_MINIMUM)),
                        tuple(102L, true, List.of(VerdictReason.AVG_FEE_BELOW_MINIMUM)));
        WhatIf.Flip newest = outcome.flips().getFirst();
        assertThat(newest.before().judgedAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(newest.after().context().policyHash()).isEqualTo(STRICTER_MID.sha256Hex());
        assertThat(newest.afterChecks())
                .filteredOn(check -> !check.passed())
                .extracting(CheckResult::key, CheckResult::measured, CheckResult::threshold)
                .containsExactly(tuple("min_avg_fee_mid", 3_000L, 5_000L));
    }

    @Test
    void replayingWithTheJudgingPolicyReproducesEveryVerdict() {
        RecentJudgments ring = ring(20);
        Instant at = AT;
        List<TemplatePropose> templates = List.of(
                withFeeAt(1, 6_000, at),
                withFeeAt(2, 1, at),
                // 40 s old at the judgment: template_too_old, whenever the replay runs.
                withFeeAt(3, 6_000, at.minusSeconds(40)),
                withFeeAt(4, 6_000, at.plusSeconds(3_600)));
        List<MempoolView> mempools = List.of(MID_TIER, MempoolView.unknown(), new MempoolView(0));
        long id = 1;
        for (TemplatePropose template : templates) {
            for (MempoolView mempool : mempools) {
                ring.remember(judged(DEFAULTS, template, mempool, at), id++);
            }
        }

        WhatIf.Outcome outcome = WhatIf.replay(DEFAULTS, ring.newest(20));

        assertThat(outcome.evaluated()).isEqualTo(12);
        assertThat(outcome.flipsCount()).isZero();
        assertThat(outcome.acceptedAfter()).isEqualTo(outcome.acceptedBefore());
        for (KeptJudgment kept : ring.newest(20).newestFirst()) {
            TemplateVerdict again =
                    PolicyEvaluator.evaluateSummary(DEFAULTS, kept.template(), kept.mempool(), kept.nowEpochSeconds());
            assertThat(again.reasons()).isEqualTo(kept.verdict().reasons());
            assertThat(again.context().measured())
                    .isEqualTo(kept.verdict().context().measured());
            assertThat(again.context().tier())
                    .isEqualTo(kept.verdict().context().tier());
        }
        assertThat(ring.newest(20).newestFirst())
                .extracting(kept -> kept.verdict().reasonCode())
                .contains(VerdictReason.TEMPLATE_TOO_OLD, VerdictReason.AVG_FEE_BELOW_MINIMUM, null);
    }

    @Test
    void aLaxerDraftFlipsRejectionsToAcceptances() {
        RecentJudgments ring = ring(5);
        ring.remember(judged(DEFAULTS, withFeeAt(1, 1_500, AT), MID_TIER, AT), 7L);

        WhatIf.Outcome outcome = WhatIf.replay(policy("[policy]\nmin_avg_fee_mid = 1000\n", 0), ring.newest(5));

        assertThat(outcome.flipsCount()).isEqualTo(1);
        WhatIf.Flip flip = outcome.flips().getFirst();
        assertThat(flip.before().verdict().reasonCode()).isEqualTo(VerdictReason.AVG_FEE_BELOW_MINIMUM);
        assertThat(flip.after().accepted()).isTrue();
        assertThat(flip.afterChecks()).allMatch(CheckResult::passed);
    }
}
