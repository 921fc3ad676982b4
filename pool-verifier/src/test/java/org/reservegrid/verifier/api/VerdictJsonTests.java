package org.reservegrid.verifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.history.VerdictRecord;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.Policy;
import org.reservegrid.verifier.policy.PolicyEvaluator;
import org.reservegrid.verifier.policy.PolicyParseResult;
import org.reservegrid.verifier.policy.PolicyParser;
import org.reservegrid.verifier.support.Proposals;

/** A recorded verdict's checks and tier basis, with and without the policy that judged it. */
class VerdictJsonTests {
    private static final ActivePolicy STRICT = ActivePolicy.of(
            (PolicyParseResult.Parsed) PolicyParser.parse("[policy]\nmin_avg_fee_mid = 7000\nmin_avg_fee_hi = 8000\n"),
            3);
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private static VerdictRecord recorded(TemplatePropose template, TemplateVerdict verdict, int protocolVersion) {
        return new VerdictRecord(
                9,
                AT,
                "127.0.0.1:4000",
                template.height(),
                template.prevHash(),
                template.curtime(),
                template.coinbaseValue(),
                protocolVersion,
                verdict);
    }

    private static TemplatePropose template() {
        TemplatePropose t = Proposals.withFee(1, 6_000);
        return new TemplatePropose(
                1,
                2,
                t.prevHash(),
                t.version(),
                t.bits(),
                t.height(),
                AT.getEpochSecond() - 2,
                t.coinbaseValue(),
                t.coinbaseSigops(),
                t.transactions());
    }

    @Test
    void aVerdictWhosePolicyIsKnownHasExactChecksAndItsTierBasis() {
        TemplatePropose template = template();
        TemplateVerdict verdict = PolicyEvaluator.evaluate(STRICT, template, new MempoolView(10), AT.getEpochSecond());

        VerdictJson.Recorded json = VerdictJson.Recorded.of(
                recorded(template, verdict, 2), hash -> hash.equals(STRICT.sha256Hex()) ? STRICT.policy() : null);

        assertThat(json.reasonCode()).isEqualTo("avg_fee_below_minimum");
        assertThat(json.checks())
                .filteredOn(check -> !check.passed())
                .singleElement()
                .satisfies(check -> {
                    assertThat(check.check()).isEqualTo("min_avg_fee_mid");
                    assertThat(check.measured()).isEqualTo(6_000L);
                    assertThat(check.threshold()).isEqualTo(7_000L);
                    assertThat(check.comparison()).isEqualTo(">=");
                    assertThat(check.reasonCode()).isEqualTo("avg_fee_below_minimum");
                });
        assertThat(json.checks())
                .filteredOn(check -> check.check().equals("max_template_age_secs"))
                .singleElement()
                .satisfies(check -> assertThat(check.measured()).isEqualTo(2L));
        assertThat(json.tierBasis()).isNotNull();
        assertThat(json.tierBasis().explanation())
                .isEqualTo("10 mempool transactions > low_mempool_tx 0 and < high_mempool_tx 50: middle tier");
        assertThat(json.template().protocolVersion()).isEqualTo(2);
    }

    @Test
    void aVerdictWhosePolicyIsNoLongerKnownHasNoTierBasisAndChecksFromItsContext() {
        TemplatePropose template = template();
        TemplateVerdict verdict = PolicyEvaluator.evaluate(STRICT, template, new MempoolView(10), AT.getEpochSecond());

        VerdictJson.Recorded json = VerdictJson.Recorded.of(recorded(template, verdict, -1), hash -> (Policy) null);

        assertThat(json.tierBasis()).isNull();
        assertThat(json.template().protocolVersion()).isNull();
        assertThat(json.checks().getFirst()).satisfies(check -> {
            assertThat(check.check()).isEqualTo("protocol_version");
            assertThat(check.passed()).isTrue();
            assertThat(check.measured()).isNull();
            assertThat(check.threshold()).isNull();
        });
        assertThat(json.checks())
                .filteredOn(check -> !check.passed())
                .extracting(VerdictJson.Check::check, VerdictJson.Check::threshold)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("min_avg_fee_mid", 7_000L));
    }

    @Test
    void aVerdictNoPolicyJudgedHasNoChecks() {
        TemplatePropose template = template();
        TemplateVerdict verdict = PolicyEvaluator.policyLoadError(1, new MempoolView(10));

        VerdictJson.Recorded json = VerdictJson.Recorded.of(recorded(template, verdict, 2), hash -> STRICT.policy());

        assertThat(json.checks()).isEmpty();
        assertThat(json.tierBasis()).isNull();
    }
}
