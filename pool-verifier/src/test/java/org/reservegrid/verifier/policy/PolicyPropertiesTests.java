package org.reservegrid.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.TransactionTable;
import org.reservegrid.verifier.policy.PolicyParseResult.Invalid;
import org.reservegrid.verifier.policy.PolicyParseResult.Parsed;

class PolicyPropertiesTests {

    @Property
    void evaluationNeverThrowsAndAgreesWithAReferenceModel(
            @ForAll("policies") Policy policy,
            @ForAll("templates") TemplatePropose template,
            @ForAll("mempools") MempoolView mempool,
            @ForAll("times") long now) {
        ActivePolicy active = new ActivePolicy(policy, 1, PolicyParser.sha256Hex(PolicyParser.toToml(policy)));

        TemplateVerdict verdict = PolicyEvaluator.evaluate(active, template, mempool, now);

        assertThat(verdict.reasons()).isEqualTo(expectedReasons(policy, template, mempool, now));
        Statistics.label("reason code")
                .collect(
                        verdict.reasonCode() == null
                                ? "accepted"
                                : verdict.reasonCode().text());
        Statistics.label("reason count").collect(verdict.reasons().size());
        assertThat(verdict.accepted()).isEqualTo(verdict.reasons().isEmpty());
        if (!verdict.accepted()) {
            assertThat(verdict.reasonCode()).isEqualTo(verdict.reasons().getFirst());
        }
        assertThat(verdict.requestId()).isEqualTo(template.requestId());
        assertThat(verdict.context().policyHash()).isEqualTo(active.sha256Hex());
    }

    @Property
    void aTemplateBuiltWithinEveryLimitIsAccepted(
            @ForAll("policies") Policy policy,
            @ForAll("mempools") MempoolView mempool,
            @ForAll @IntRange(min = 1, max = 300) int wantedTxCount,
            @ForAll @LongRange(min = 0, max = 1L << 40) long ageSeed,
            @ForAll @LongRange(min = 0, max = 0xffff_ffffL) long coinbaseSigopsSeed) {
        Assume.that(mempool.known() || policy.unknownMempoolAsHigh());
        int n = (int) Math.min(wantedTxCount, policy.maxTxCount());
        Assume.that(n > 0 || !policy.rejectEmptyTemplates());
        long weightBudget = (long) Math.floor(policy.maxWeightRatio() * Policy.MAX_BLOCK_WEIGHT);
        while (weightBudget / (double) Policy.MAX_BLOCK_WEIGHT > policy.maxWeightRatio()) {
            weightBudget--;
        }
        long txWeightBudget = weightBudget - policy.coinbaseReservedWeight();
        Assume.that(txWeightBudget >= 0);
        FeeTier tier = mempool.known() ? PolicyEvaluator.tier(policy, mempool.txCount()) : FeeTier.HI;
        long coinbaseSigops = coinbaseSigopsSeed % (Math.min(policy.maxCoinbaseSigops(), policy.maxSigopsCost()) + 1);
        long fee = n == 0 ? 0 : Math.max(policy.minAvgFee(tier), ceilDiv(policy.minTotalFees(), n));
        Assume.that(n > 0 || policy.minTotalFees() == 0);
        TransactionTable transactions =
                Templates.transactions(n, fee, (int) Math.min(Integer.MAX_VALUE, n == 0 ? 0 : txWeightBudget / n), (int)
                        Math.min(Integer.MAX_VALUE, n == 0 ? 0 : (policy.maxSigopsCost() - coinbaseSigops) / n));
        long now = Templates.NOW;
        TemplatePropose template = new TemplatePropose(
                1,
                policy.protocolVersion(),
                "a".repeat(policy.requiredPrevhashLen()),
                0x2000_0000,
                0x1703_1abe,
                900_000,
                now - ageSeed % (Math.min(policy.maxTemplateAgeSecs(), 1L << 40) + 1),
                1,
                coinbaseSigops,
                transactions);
        ActivePolicy active = new ActivePolicy(policy, 1, "0".repeat(64));

        TemplateVerdict verdict = PolicyEvaluator.evaluate(active, template, mempool, now);

        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.accepted()).isTrue();
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }

    @Property
    void reasonsAreAlwaysInPolicyOrderWithoutRepeats(
            @ForAll("policies") Policy policy,
            @ForAll("templates") TemplatePropose template,
            @ForAll("mempools") MempoolView mempool,
            @ForAll("times") long now) {
        ActivePolicy active = new ActivePolicy(policy, 1, "0".repeat(64));

        List<VerdictReason> reasons =
                PolicyEvaluator.evaluate(active, template, mempool, now).reasons();

        for (int i = 1; i < reasons.size(); i++) {
            assertThat(reasons.get(i).ordinal())
                    .isGreaterThan(reasons.get(i - 1).ordinal());
        }
    }

    @Property
    void arbitraryPolicyComponentsMakeAPolicyOrADocumentedArgumentError(
            @ForAll("components") @Size(14) List<Long> n,
            @ForAll boolean rejectEmpty,
            @ForAll boolean rejectZero,
            @ForAll boolean unknownAsHigh,
            @ForAll("ratios") double ratio,
            @ForAll("templates") TemplatePropose template) {
        // The first two components are int-typed in the record; they are taken as narrowed ints throughout.
        List<Object> values = List.of(
                (long) n.get(0).intValue(),
                (long) n.get(1).intValue(),
                n.get(2),
                n.get(3),
                n.get(4),
                n.get(5),
                n.get(6),
                n.get(7),
                n.get(8),
                rejectEmpty,
                rejectZero,
                unknownAsHigh,
                ratio,
                n.get(9),
                n.get(10),
                n.get(11),
                n.get(12));
        boolean valid = PolicyKey.violations(key -> values.get(key.ordinal())).isEmpty();
        if (!valid) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> policyOf(n, rejectEmpty, rejectZero, unknownAsHigh, ratio));
            return;
        }
        Policy policy = policyOf(n, rejectEmpty, rejectZero, unknownAsHigh, ratio);
        ActivePolicy active = new ActivePolicy(policy, 1, "0".repeat(64));
        for (MempoolView mempool :
                List.of(MempoolView.unknown(), new MempoolView(0), new MempoolView(n.get(13) & Long.MAX_VALUE))) {
            assertThat(PolicyEvaluator.evaluate(active, template, mempool, n.get(13))
                            .reasons())
                    .isEqualTo(expectedReasons(policy, template, mempool, n.get(13)));
        }
    }

    @Property
    void anyTextParsesToAPolicyOrToProblems(@ForAll String text) {
        assertParsedOrInvalid(text);
    }

    @Property
    void anyArrangementOfTomlFragmentsParsesToAPolicyOrToProblems(@ForAll("tomlish") String text) {
        assertParsedOrInvalid(text);
    }

    @Property
    void anyPolicyRoundTripsThroughItsToml(@ForAll("policies") Policy policy) {
        PolicyParseResult result = PolicyParser.parse(PolicyParser.toToml(policy));

        assertThat(result).isInstanceOf(Parsed.class);
        Parsed parsed = (Parsed) result;
        assertThat(parsed.policy()).isEqualTo(policy);
        assertThat(parsed.canonicalToml()).isEqualTo(PolicyParser.toToml(policy));
        assertThat(parsed.sha256Hex()).isEqualTo(PolicyParser.sha256Hex(parsed.canonicalToml()));
    }

    private static void assertParsedOrInvalid(String text) {
        PolicyParseResult result = PolicyParser.parse(text);

        assertThat(result).isNotNull();
        if (result instanceof Invalid invalid) {
            long lines = text.lines().count() + 1;
            assertThat(invalid.problems())
                    .isNotEmpty()
                    .allSatisfy(problem ->
                            assertThat(problem.line()).isBetween(0, (int) Math.min(Integer.MAX_VALUE, lines)));
        } else {
            Parsed parsed = (Parsed) result;
            assertThat(PolicyParser.parse(parsed.canonicalToml())).isEqualTo(parsed);
        }
    }

    /**
     * The weight check decides in integers and the API shows ratios: the two must agree on every weight, for ratios
     * anywhere in (0, 1] and for the short decimals operators write, at and around each one's limit.
     */
    @Property
    void theIntegerWeightLimitAgreesWithTheRatioComparisonTheApiShows(
            @ForAll("weightRatios") double ratio, @ForAll @LongRange(min = -3, max = 3) long offset) {
        long limit = Policy.maxEstimatedWeight(ratio);
        for (long weight : new long[] {limit + offset, Math.max(0, limit - 1 - offset)}) {
            boolean byInteger = weight <= limit;
            boolean byRatio = weight / (double) Policy.MAX_BLOCK_WEIGHT <= ratio;
            assertThat(byInteger).as("weight %d, ratio %s", weight, ratio).isEqualTo(byRatio);
        }
    }

    @Provide
    Arbitrary<Double> weightRatios() {
        // Every double in (0, 1] with a 53-bit mantissa step, and the decimals jqwik draws at full precision.
        Arbitrary<Double> anyDouble = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 1L << 53).map(k -> k / (double) (1L << 53)),
                Arbitraries.doubles().between(1e-9, 1.0).ofScale(17));
        Arbitrary<Double> shortDecimal = Combinators.combine(
                        Arbitraries.longs().between(1, 10_000_000),
                        Arbitraries.integers().between(1, 9))
                .as((digits, scale) -> BigDecimal.valueOf(digits, scale).doubleValue())
                .filter(ratio -> ratio > 0 && ratio <= 1);
        Arbitrary<Double> multipleOfAUnit =
                Arbitraries.longs().between(1, Policy.MAX_BLOCK_WEIGHT).map(units -> units / 4_000_000.0);
        return Arbitraries.oneOf(anyDouble, shortDecimal, multipleOfAUnit);
    }

    /** The evaluation rules restated with exact arithmetic, as the oracle for the evaluator. */
    static List<VerdictReason> expectedReasons(Policy p, TemplatePropose t, MempoolView mempool, long now) {
        if (!mempool.known() && !p.unknownMempoolAsHigh()) {
            return List.of(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE);
        }
        FeeTier tier;
        if (!mempool.known() || mempool.txCount() >= p.highMempoolTx() && mempool.txCount() > p.lowMempoolTx()) {
            tier = FeeTier.HI;
        } else if (mempool.txCount() <= p.lowMempoolTx()) {
            tier = FeeTier.LO;
        } else {
            tier = FeeTier.MID;
        }
        TransactionTable txs = t.transactions();
        int n = txs.size();
        BigInteger fees = BigInteger.ZERO;
        // The reserve stands for everything that is not a template transaction: header, count and coinbase.
        BigInteger weight = BigInteger.valueOf(p.coinbaseReservedWeight());
        BigInteger sigops = BigInteger.valueOf(t.coinbaseSigops());
        for (int i = 0; i < n; i++) {
            fees = fees.add(BigInteger.valueOf(txs.fee(i)));
            weight = weight.add(BigInteger.valueOf(txs.weight(i)));
            sigops = sigops.add(BigInteger.valueOf(txs.sigops(i)));
        }
        BigInteger age = BigInteger.valueOf(now).subtract(BigInteger.valueOf(t.curtime()));
        List<VerdictReason> reasons = new ArrayList<>();
        if (t.protocolVersion() != p.protocolVersion()) {
            reasons.add(VerdictReason.PROTOCOL_VERSION_MISMATCH);
        }
        if (!t.prevHash().matches("[0-9a-fA-F]*")) {
            reasons.add(VerdictReason.INVALID_PREV_HASH);
        }
        if (t.prevHash().length() != p.requiredPrevhashLen()) {
            reasons.add(VerdictReason.PREV_HASH_LEN_MISMATCH);
        }
        if (t.coinbaseValue() == 0 && p.rejectCoinbaseZero()) {
            reasons.add(VerdictReason.COINBASE_VALUE_ZERO_REJECTED);
        }
        if (n == 0 && p.rejectEmptyTemplates()) {
            reasons.add(VerdictReason.EMPTY_TEMPLATE_REJECTED);
        }
        if (n > p.maxTxCount()) {
            reasons.add(VerdictReason.TX_COUNT_EXCEEDED);
        }
        if (fees.compareTo(BigInteger.valueOf(p.minTotalFees())) < 0) {
            reasons.add(VerdictReason.TOTAL_FEES_BELOW_MINIMUM);
        }
        // avg < min  <=>  fees < min * n  (n > 0)
        if (n > 0 && fees.compareTo(BigInteger.valueOf(p.minAvgFee(tier)).multiply(BigInteger.valueOf(n))) < 0) {
            reasons.add(VerdictReason.AVG_FEE_BELOW_MINIMUM);
        }
        // Exact: the estimate against the ratio as the decimal it is written in, times 4,000,000.
        if (new BigDecimal(weight)
                        .compareTo(new BigDecimal(Double.toString(p.maxWeightRatio()))
                                .multiply(BigDecimal.valueOf(4_000_000)))
                > 0) {
            reasons.add(VerdictReason.WEIGHT_RATIO_EXCEEDED);
        }
        if (age.compareTo(BigInteger.valueOf(p.maxTemplateAgeSecs())) > 0) {
            reasons.add(VerdictReason.TEMPLATE_TOO_OLD);
        }
        if (sigops.compareTo(BigInteger.valueOf(p.maxSigopsCost())) > 0) {
            reasons.add(VerdictReason.SIGOPS_BUDGET_EXCEEDED);
        }
        if (t.coinbaseSigops() > p.maxCoinbaseSigops()) {
            reasons.add(VerdictReason.COINBASE_SIGOPS_EXCEEDED);
        }
        return reasons;
    }

    private static Policy policyOf(
            List<Long> n, boolean rejectEmpty, boolean rejectZero, boolean unknownAsHigh, double ratio) {
        return new Policy(
                n.get(0).intValue(),
                n.get(1).intValue(),
                n.get(2),
                n.get(3),
                n.get(4),
                n.get(5),
                n.get(6),
                n.get(7),
                n.get(8),
                rejectEmpty,
                rejectZero,
                unknownAsHigh,
                ratio,
                n.get(9),
                n.get(10),
                n.get(11),
                n.get(12));
    }

    @Provide
    Arbitrary<List<Long>> components() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, PolicyArbitraries.amount()),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs()),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, 0L, 64L, 65_535L, 65_536L, 4_000_000L)))
                .list();
    }

    @Provide
    Arbitrary<Double> ratios() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.doubles().between(0, 1).ofScale(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                0.0,
                                -0.0,
                                1.0,
                                Double.MIN_VALUE,
                                Math.nextUp(1.0),
                                Double.NaN,
                                Double.POSITIVE_INFINITY)));
    }

    @Provide
    Arbitrary<Policy> policies() {
        return PolicyArbitraries.policies();
    }

    @Provide
    Arbitrary<MempoolView> mempools() {
        return PolicyArbitraries.mempools();
    }

    @Provide
    Arbitrary<Long> times() {
        return PolicyArbitraries.times();
    }

    @Provide
    Arbitrary<TemplatePropose> templates() {
        return PolicyArbitraries.templates();
    }

    @Provide
    Arbitrary<String> tomlish() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(PolicyKey.values()).map(PolicyKey::tomlName)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars("abcxyz_-.\"'")
                                .ofMinLength(1)
                                .ofMaxLength(8)));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.longs().map(Object::toString),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.of(
                        "true",
                        "false",
                        "nan",
                        "-inf",
                        "\"text\"",
                        "'lit'",
                        "[1, 2]",
                        "{ a = 1 }",
                        "[",
                        "\"\"\"",
                        "1979-05-27T07:32:00Z",
                        "0x_ff",
                        "1__0",
                        ""),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> line = Arbitraries.oneOf(
                Combinators.combine(key, value).as((k, v) -> k + " = " + v),
                Arbitraries.of(
                                "[policy]",
                                "[[policy]]",
                                "[policy.sub]",
                                "[other]",
                                "# comment",
                                "",
                                "policy = 1",
                                "[policy",
                                "]",
                                "=")
                        .map(Object::toString));
        return line.list().ofMaxSize(25).map(lines -> String.join("\n", lines));
    }
}
