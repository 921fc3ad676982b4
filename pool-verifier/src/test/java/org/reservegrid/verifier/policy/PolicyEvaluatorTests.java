package org.reservegrid.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.reservegrid.verifier.policy.PolicyBuilder.defaultsWith;
import static org.reservegrid.verifier.policy.Templates.NOW;
import static org.reservegrid.verifier.policy.Templates.passing;
import static org.reservegrid.verifier.policy.Templates.transactions;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.TransactionTable;
import org.reservegrid.protocol.message.VerdictContext;

class PolicyEvaluatorTests {
    /** Above every default high_mempool_tx: the high tier. */
    static final MempoolView BUSY = new MempoolView(100);

    static ActivePolicy active(Policy policy) {
        return new ActivePolicy(policy, 3, PolicyParser.sha256Hex(PolicyParser.toToml(policy)));
    }

    static TemplateVerdict evaluate(Policy policy, TemplatePropose template) {
        return PolicyEvaluator.evaluate(active(policy), template, BUSY, NOW);
    }

    static List<VerdictReason> reasons(Policy policy, TemplatePropose template) {
        return evaluate(policy, template).reasons();
    }

    @Test
    void aTemplateWithinEveryLimitIsAccepted() {
        TemplateVerdict verdict = evaluate(Policy.DEFAULTS, passing());

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.reasonCode()).isNull();
        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.requestId()).isEqualTo(passing().requestId());
    }

    @Nested
    class EachCheckAtItsBoundary {
        @Test
        void protocolVersionMustEqualThePolicys() {
            assertThat(reasons(Policy.DEFAULTS, Templates.withProtocolVersion(passing(), 2)))
                    .isEmpty();
            assertThat(reasons(Policy.DEFAULTS, Templates.withProtocolVersion(passing(), 3)))
                    .containsExactly(VerdictReason.PROTOCOL_VERSION_MISMATCH);
            assertThat(reasons(Policy.DEFAULTS, Templates.withProtocolVersion(passing(), 1)))
                    .containsExactly(VerdictReason.PROTOCOL_VERSION_MISMATCH);
        }

        @Test
        void prevHashMayUseEitherHexCaseButNothingElse() {
            String mixedCase = "ABCDEF" + Templates.PREV_HASH.substring(6);
            String withG = "g" + Templates.PREV_HASH.substring(1);
            String withSpace = Templates.PREV_HASH.substring(0, 63) + " ";

            assertThat(reasons(Policy.DEFAULTS, Templates.withPrevHash(passing(), mixedCase)))
                    .isEmpty();
            assertThat(reasons(Policy.DEFAULTS, Templates.withPrevHash(passing(), withG)))
                    .containsExactly(VerdictReason.INVALID_PREV_HASH);
            assertThat(reasons(Policy.DEFAULTS, Templates.withPrevHash(passing(), withSpace)))
                    .containsExactly(VerdictReason.INVALID_PREV_HASH);
        }

        @Test
        void prevHashMustHaveExactlyTheRequiredLength() {
            String hash = Templates.PREV_HASH;

            assertThat(reasons(Policy.DEFAULTS, Templates.withPrevHash(passing(), hash.substring(1))))
                    .containsExactly(VerdictReason.PREV_HASH_LEN_MISMATCH);
            assertThat(reasons(Policy.DEFAULTS, Templates.withPrevHash(passing(), hash + "0")))
                    .containsExactly(VerdictReason.PREV_HASH_LEN_MISMATCH);
            assertThat(reasons(Policy.DEFAULTS, Templates.withPrevHash(passing(), "")))
                    .containsExactly(VerdictReason.PREV_HASH_LEN_MISMATCH);
            Policy shortHashes = defaultsWith(p -> p.requiredPrevhashLen = 63);
            assertThat(reasons(shortHashes, Templates.withPrevHash(passing(), hash.substring(1))))
                    .isEmpty();
        }

        @Test
        void aZeroCoinbaseIsRejectedOnlyWhenThePolicySaysSo() {
            assertThat(reasons(Policy.DEFAULTS, Templates.withCoinbase(passing(), 1, 100)))
                    .isEmpty();
            assertThat(reasons(Policy.DEFAULTS, Templates.withCoinbase(passing(), 0, 100)))
                    .containsExactly(VerdictReason.COINBASE_VALUE_ZERO_REJECTED);
            Policy allowZero = defaultsWith(p -> p.rejectCoinbaseZero = false);
            assertThat(reasons(allowZero, Templates.withCoinbase(passing(), 0, 100)))
                    .isEmpty();
        }

        @Test
        void anEmptyTemplateIsRejectedOnlyWhenThePolicySaysSo() {
            TemplatePropose empty = Templates.withTransactions(passing(), transactions(0, 0, 0, 0));
            TemplatePropose oneTx = Templates.withTransactions(passing(), transactions(1, 5_000, 400, 1));

            assertThat(reasons(Policy.DEFAULTS, empty)).containsExactly(VerdictReason.EMPTY_TEMPLATE_REJECTED);
            assertThat(reasons(Policy.DEFAULTS, oneTx)).isEmpty();
            Policy allowEmpty = defaultsWith(p -> p.rejectEmptyTemplates = false);
            assertThat(reasons(allowEmpty, empty)).isEmpty();
        }

        @Test
        void theTransactionCountMayReachButNotExceedTheMaximum() {
            Policy maxTen = defaultsWith(p -> p.maxTxCount = 10);

            assertThat(reasons(maxTen, Templates.withTransactions(passing(), transactions(10, 6_000, 400, 1))))
                    .isEmpty();
            assertThat(reasons(maxTen, Templates.withTransactions(passing(), transactions(11, 6_000, 400, 1))))
                    .containsExactly(VerdictReason.TX_COUNT_EXCEEDED);
        }

        @Test
        void totalFeesMayEqualButNotFallBelowTheMinimum() {
            Policy min60k = defaultsWith(p -> p.minTotalFees = 60_000);
            TemplatePropose exactly = Templates.withTransactions(passing(), transactions(10, 6_000, 400, 1));
            TemplatePropose oneShort = Templates.withTransactions(
                    passing(),
                    TransactionTableFixtures.withFees(
                            6_000, 6_000, 6_000, 6_000, 6_000, 6_000, 6_000, 6_000, 6_000, 5_999));

            assertThat(reasons(min60k, exactly)).isEmpty();
            assertThat(reasons(min60k, oneShort)).containsExactly(VerdictReason.TOTAL_FEES_BELOW_MINIMUM);
        }

        @Test
        void theAverageFeeMayEqualButNotFallBelowTheTierMinimum() {
            // High tier (mempool 100 >= 50): minimum 5,000 sat per transaction.
            TemplatePropose exactly = Templates.withTransactions(passing(), transactions(4, 5_000, 400, 1));
            TemplatePropose oneSatShort = Templates.withTransactions(
                    passing(), TransactionTableFixtures.withFees(5_000, 5_000, 5_000, 4_999));

            assertThat(reasons(Policy.DEFAULTS, exactly)).isEmpty();
            assertThat(reasons(Policy.DEFAULTS, oneSatShort)).containsExactly(VerdictReason.AVG_FEE_BELOW_MINIMUM);
            assertThat(evaluate(Policy.DEFAULTS, oneSatShort)
                            .context()
                            .measured()
                            .avgFee())
                    .isEqualTo(19_999 / 4.0);
        }

        @Test
        void theAverageFeeIsNotCheckedOnAnEmptyTemplate() {
            Policy allowEmpty = defaultsWith(p -> p.rejectEmptyTemplates = false);
            TemplateVerdict verdict =
                    evaluate(allowEmpty, Templates.withTransactions(passing(), transactions(0, 0, 0, 0)));

            assertThat(verdict.accepted()).isTrue();
            assertThat(verdict.context().measured().avgFee()).isZero();
        }

        @Test
        void theWeightRatioMayEqualButNotExceedTheMaximum() {
            Policy half = defaultsWith(p -> p.maxWeightRatio = 0.5);
            // Transactions + 4,000 reserved = 2,000,000 exactly.
            int exactTxWeight = 2_000_000 - 4_000;

            TemplateVerdict atLimit =
                    evaluate(half, Templates.withTransactions(passing(), transactions(1, 6_000, exactTxWeight, 1)));
            TemplateVerdict over =
                    evaluate(half, Templates.withTransactions(passing(), transactions(1, 6_000, exactTxWeight + 1, 1)));

            assertThat(atLimit.reasons()).isEmpty();
            assertThat(atLimit.context().measured().weight()).isEqualTo(2_000_000);
            assertThat(atLimit.context().measured().weightRatio()).isEqualTo(0.5);
            assertThat(over.reasons()).containsExactly(VerdictReason.WEIGHT_RATIO_EXCEEDED);
        }

        /**
         * Bitcoin Core's most: 4,000,000 less its 8,000 reserve (Core 29 and later), or a -blockmaxweight of
         * 3,996,000 less 4,000 (before Core 29). The default reserve of 4,000 makes that exactly 0.999.
         */
        @ParameterizedTest
        @CsvSource({"1, 3992000", "2, 1996000", "4000, 998"})
        void theDefaultPolicyAcceptsAFullCoreTemplateAtExactlyTheMaximumRatioAndNotOneUnitMore(
                int txCount, int weightEach) {
            assertThat(Policy.DEFAULTS.coinbaseReservedWeight()).isEqualTo(4_000);
            assertThat(Policy.DEFAULTS.maxWeightRatio()).isEqualTo(0.999);
            TransactionTable full = transactions(txCount, 6_000, weightEach, 1);
            TransactionTable oneMore = withFirstWeightPlusOne(full);

            TemplateVerdict atLimit = evaluate(Policy.DEFAULTS, Templates.withTransactions(passing(), full));
            TemplateVerdict over = evaluate(Policy.DEFAULTS, Templates.withTransactions(passing(), oneMore));

            assertThat(atLimit.reasons()).isEmpty();
            assertThat(atLimit.context().measured().weight()).isEqualTo(3_996_000);
            assertThat(atLimit.context().measured().weightRatio()).isEqualTo(0.999);
            assertThat(atLimit.context().thresholds().maxWeightRatio()).isEqualTo(0.999);
            assertThat(over.reasons()).containsExactly(VerdictReason.WEIGHT_RATIO_EXCEEDED);
            assertThat(over.context().measured().weight()).isEqualTo(3_996_001);
        }

        @Test
        void theIntegerLimitOfARatioIsItsDecimalTimesTheBlockWeightRoundedDown() {
            assertThat(Policy.maxEstimatedWeight(0.999)).isEqualTo(3_996_000);
            assertThat(Policy.maxEstimatedWeight(1.0)).isEqualTo(4_000_000);
            assertThat(Policy.maxEstimatedWeight(0.5)).isEqualTo(2_000_000);
            assertThat(Policy.maxEstimatedWeight(0.000001)).isEqualTo(4);
            assertThat(Policy.maxEstimatedWeight(0.9999999)).isEqualTo(3_999_999);
            assertThat(Policy.maxEstimatedWeight(0.12345678901)).isEqualTo(493_827);
            assertThat(new BigDecimal(0.999).multiply(BigDecimal.valueOf(Policy.MAX_BLOCK_WEIGHT)))
                    .as("the binary ratio itself is below 3,996,000 WU, which is why the limit is not computed from it")
                    .isLessThan(BigDecimal.valueOf(3_996_000));
        }

        @Test
        void theTemplateMayReachButNotExceedTheMaximumAge() {
            assertThat(reasons(Policy.DEFAULTS, Templates.withCurtime(passing(), NOW - 30)))
                    .isEmpty();
            assertThat(reasons(Policy.DEFAULTS, Templates.withCurtime(passing(), NOW - 31)))
                    .containsExactly(VerdictReason.TEMPLATE_TOO_OLD);
            assertThat(reasons(Policy.DEFAULTS, Templates.withCurtime(passing(), NOW + 600)))
                    .as("a template from the future is not old")
                    .isEmpty();
        }

        @Test
        void transactionAndCoinbaseSigopsMayReachButNotExceedTheBudget() {
            // 10 x 7,990 + 100 coinbase = 80,000.
            TemplatePropose exactly = Templates.withTransactions(passing(), transactions(10, 6_000, 400, 7_990));
            TemplatePropose over = Templates.withCoinbase(exactly, Templates.COINBASE_VALUE, 101);

            assertThat(reasons(Policy.DEFAULTS, exactly)).isEmpty();
            assertThat(evaluate(Policy.DEFAULTS, exactly).context().measured().sigops())
                    .isEqualTo(80_000);
            assertThat(reasons(Policy.DEFAULTS, over)).containsExactly(VerdictReason.SIGOPS_BUDGET_EXCEEDED);
        }

        @Test
        void coinbaseSigopsMayReachButNotExceedTheirMaximum() {
            TemplatePropose noTxSigops = Templates.withTransactions(passing(), transactions(10, 6_000, 400, 0));

            assertThat(reasons(Policy.DEFAULTS, Templates.withCoinbase(noTxSigops, 1, 20_000)))
                    .isEmpty();
            assertThat(reasons(Policy.DEFAULTS, Templates.withCoinbase(noTxSigops, 1, 20_001)))
                    .containsExactly(VerdictReason.COINBASE_SIGOPS_EXCEEDED);
        }
    }

    @Nested
    class SeveralFailures {
        @Test
        void areAllReportedInPolicyOrderWithTheFirstAsReasonCode() {
            Policy strict = defaultsWith(p -> {
                p.maxTxCount = 0;
                p.minTotalFees = 1_000_000;
            });
            TemplatePropose bad = new TemplatePropose(
                    1, 9, "xyz", 0, 0, 0, NOW - 1_000, 0, 20_001, transactions(2, 10, 2_000_000, 40_000));

            TemplateVerdict verdict = evaluate(strict, bad);

            assertThat(verdict.accepted()).isFalse();
            assertThat(verdict.reasons())
                    .containsExactly(
                            VerdictReason.PROTOCOL_VERSION_MISMATCH,
                            VerdictReason.INVALID_PREV_HASH,
                            VerdictReason.PREV_HASH_LEN_MISMATCH,
                            VerdictReason.COINBASE_VALUE_ZERO_REJECTED,
                            VerdictReason.TX_COUNT_EXCEEDED,
                            VerdictReason.TOTAL_FEES_BELOW_MINIMUM,
                            VerdictReason.AVG_FEE_BELOW_MINIMUM,
                            VerdictReason.WEIGHT_RATIO_EXCEEDED,
                            VerdictReason.TEMPLATE_TOO_OLD,
                            VerdictReason.SIGOPS_BUDGET_EXCEEDED,
                            VerdictReason.COINBASE_SIGOPS_EXCEEDED);
            assertThat(verdict.reasonCode()).isEqualTo(VerdictReason.PROTOCOL_VERSION_MISMATCH);
        }

        @Test
        void anEmptyTemplateReportsEmptinessAndNotTheAverageFee() {
            Policy strict = defaultsWith(p -> p.minTotalFees = 1);
            TemplatePropose empty =
                    Templates.withCurtime(Templates.withTransactions(passing(), transactions(0, 0, 0, 0)), NOW - 31);

            TemplateVerdict verdict = evaluate(strict, empty);

            assertThat(verdict.reasons())
                    .containsExactly(
                            VerdictReason.EMPTY_TEMPLATE_REJECTED,
                            VerdictReason.TOTAL_FEES_BELOW_MINIMUM,
                            VerdictReason.TEMPLATE_TOO_OLD);
            assertThat(verdict.reasonCode()).isEqualTo(VerdictReason.EMPTY_TEMPLATE_REJECTED);
        }

        @Test
        void theReasonCodeIsTheEarliestFailureEvenWhenLaterOnesAreFound() {
            TemplatePropose oldAndOverweight = Templates.withCurtime(
                    Templates.withTransactions(passing(), transactions(1, 6_000, 3_999_000, 1)), NOW - 60);

            TemplateVerdict verdict = evaluate(Policy.DEFAULTS, oldAndOverweight);

            assertThat(verdict.reasonCode()).isEqualTo(VerdictReason.WEIGHT_RATIO_EXCEEDED);
            assertThat(verdict.reasons())
                    .containsExactly(VerdictReason.WEIGHT_RATIO_EXCEEDED, VerdictReason.TEMPLATE_TOO_OLD);
        }
    }

    @Nested
    class FeeTiers {
        /** Low tier at or below 10, high at or above 50; minimum average fees 100 / 2,000 / 5,000. */
        final Policy tiered = defaultsWith(p -> {
            p.minAvgFeeLo = 100;
            p.lowMempoolTx = 10;
            p.highMempoolTx = 50;
        });

        @ParameterizedTest
        @CsvSource({"0, LO", "10, LO", "11, MID", "49, MID", "50, HI", "1000000, HI"})
        void comeFromTheMempoolCountAtTheirBoundaries(long mempoolTxCount, FeeTier expected) {
            TemplateVerdict verdict =
                    PolicyEvaluator.evaluate(active(tiered), passing(), new MempoolView(mempoolTxCount), NOW);

            assertThat(PolicyEvaluator.tier(tiered, mempoolTxCount)).isEqualTo(expected);
            assertThat(verdict.context().tier()).isEqualTo(expected);
            assertThat(verdict.context().mempoolTxCount()).isEqualTo(mempoolTxCount);
            assertThat(verdict.context().thresholds().minAvgFee()).isEqualTo(tiered.minAvgFee(expected));
        }

        @Test
        void decideWhichAverageFeeTheSameTemplateMustPay() {
            TemplatePropose pays2000 = Templates.withTransactions(passing(), transactions(5, 2_000, 400, 1));

            assertThat(PolicyEvaluator.evaluate(active(tiered), pays2000, new MempoolView(10), NOW)
                            .accepted())
                    .isTrue();
            assertThat(PolicyEvaluator.evaluate(active(tiered), pays2000, new MempoolView(49), NOW)
                            .accepted())
                    .isTrue();
            assertThat(PolicyEvaluator.evaluate(active(tiered), pays2000, new MempoolView(50), NOW)
                            .reasons())
                    .containsExactly(VerdictReason.AVG_FEE_BELOW_MINIMUM);
        }

        @Test
        void whenLowAndHighThresholdsAreEqualTheLowTierWinsAtThatCount() {
            Policy equal = defaultsWith(p -> {
                p.lowMempoolTx = 20;
                p.highMempoolTx = 20;
            });

            assertThat(PolicyEvaluator.tier(equal, 20)).isEqualTo(FeeTier.LO);
            assertThat(PolicyEvaluator.tier(equal, 21)).isEqualTo(FeeTier.HI);
        }

        @Test
        void anUnknownMempoolIsJudgedAsHighWhenThePolicySaysSo() {
            TemplatePropose pays2000 = Templates.withTransactions(passing(), transactions(5, 2_000, 400, 1));

            TemplateVerdict verdict = PolicyEvaluator.evaluate(active(tiered), pays2000, MempoolView.unknown(), NOW);

            assertThat(verdict.context().tier()).isEqualTo(FeeTier.HI);
            assertThat(verdict.context().mempoolTxCount()).isEqualTo(-1);
            assertThat(verdict.context().thresholds().minAvgFee()).isEqualTo(5_000);
            assertThat(verdict.reasons()).containsExactly(VerdictReason.AVG_FEE_BELOW_MINIMUM);
        }

        @Test
        void anUnknownMempoolRejectsWithTheSingleReasonMempoolBackendUnavailableOtherwise() {
            Policy noGuessing = defaultsWith(p -> p.unknownMempoolAsHigh = false);

            TemplateVerdict good = PolicyEvaluator.evaluate(active(noGuessing), passing(), MempoolView.unknown(), NOW);
            TemplateVerdict alsoOld = PolicyEvaluator.evaluate(
                    active(noGuessing), Templates.withCurtime(passing(), NOW - 31), MempoolView.unknown(), NOW);

            assertThat(good.accepted()).isFalse();
            assertThat(good.reasons()).containsExactly(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE);
            assertThat(good.reasonCode()).isEqualTo(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE);
            assertThat(alsoOld.reasons()).containsExactly(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE);
            assertThat(alsoOld.context().measured().templateAgeSecs()).isEqualTo(31);
            assertThat(alsoOld.context().mempoolTxCount()).isEqualTo(-1);
        }

        @Test
        void aKnownMempoolIsUnaffectedByTheUnknownMempoolSetting() {
            Policy noGuessing = defaultsWith(p -> p.unknownMempoolAsHigh = false);

            assertThat(PolicyEvaluator.evaluate(active(noGuessing), passing(), new MempoolView(0), NOW)
                            .accepted())
                    .isTrue();
        }
    }

    @Nested
    class WeightFormula {
        @ParameterizedTest
        @CsvSource({"0", "1", "252", "253", "65535", "65536"})
        void isTheTransactionsWeightPlusTheReserveWithNothingForHeaderOrCount(int txCount) {
            Policy reserve = defaultsWith(p -> {
                p.coinbaseReservedWeight = 1_234;
                p.maxTxCount = 100_000;
                p.minAvgFeeLo = 0;
                p.minAvgFeeMid = 0;
                p.minAvgFeeHi = 0;
                p.rejectEmptyTemplates = false;
            });
            TemplatePropose template = Templates.withTransactions(passing(), transactions(txCount, 0, 10, 0));

            VerdictContext.Measured measured =
                    evaluate(reserve, template).context().measured();

            long expected = 10L * txCount + 1_234;
            assertThat(measured.txCount()).isEqualTo(txCount);
            assertThat(measured.weight()).isEqualTo(expected);
            assertThat(measured.weightRatio()).isEqualTo(expected / 4_000_000.0);
        }
    }

    @Test
    void theContextCarriesTierThresholdsMeasurementsAndPolicyIdentity() {
        Policy policy = defaultsWith(p -> p.minTotalFees = 5);
        ActivePolicy active = new ActivePolicy(policy, 42, "ab".repeat(32));
        TemplatePropose template =
                Templates.withCurtime(Templates.withTransactions(passing(), transactions(3, 7_000, 500, 6)), NOW - 12);

        VerdictContext context = PolicyEvaluator.evaluate(active, template, new MempoolView(77), NOW)
                .context();

        assertThat(context.tier()).isEqualTo(FeeTier.HI);
        assertThat(context.mempoolTxCount()).isEqualTo(77);
        assertThat(context.thresholds())
                .isEqualTo(new VerdictContext.Thresholds(5_000, 5, 10_000, 0.999, 30, 80_000, 20_000));
        assertThat(context.measured())
                .isEqualTo(new VerdictContext.Measured(
                        3, 21_000, 7_000.0, 1_500 + 4_000, (1_500 + 4_000) / 4_000_000.0, 18 + 100, 100, 12));
        assertThat(context.policyVersion()).isEqualTo(42);
        assertThat(context.policyHash()).isEqualTo("ab".repeat(32));
        assertThat(context.evaluationMicros()).isNotNegative();
    }

    @Test
    void extremeTimesAndFeesSaturateInsteadOfOverflowing() {
        TemplatePropose ancient = Templates.withCurtime(passing(), Long.MIN_VALUE);
        TemplatePropose future = Templates.withCurtime(passing(), Long.MAX_VALUE);
        TemplatePropose rich = Templates.withTransactions(passing(), transactions(3, Long.MAX_VALUE, 400, 1));

        assertThat(PolicyEvaluator.evaluate(active(Policy.DEFAULTS), ancient, BUSY, Long.MAX_VALUE)
                        .context()
                        .measured()
                        .templateAgeSecs())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(PolicyEvaluator.evaluate(active(Policy.DEFAULTS), future, BUSY, Long.MIN_VALUE)
                        .context()
                        .measured()
                        .templateAgeSecs())
                .isEqualTo(Long.MIN_VALUE);
        TemplateVerdict richVerdict = evaluate(Policy.DEFAULTS, rich);
        assertThat(richVerdict.context().measured().totalFees()).isEqualTo(Long.MAX_VALUE);
        assertThat(richVerdict.accepted()).isTrue();
    }

    @Test
    void feesAbove32BitsAreSummedExactlyWhenTheyFit() {
        TemplatePropose large = Templates.withTransactions(passing(), transactions(3, 1L << 40, 400, 1));

        assertThat(evaluate(Policy.DEFAULTS, large).context().measured().totalFees())
                .isEqualTo(3L << 40);
    }

    @Test
    void theVerdictSurvivesTheWireUnchanged() {
        TemplateVerdict verdict = evaluate(Policy.DEFAULTS, Templates.withCurtime(passing(), NOW - 31));
        ByteBuf buffer = Unpooled.buffer(verdict.encodedLength());
        try {
            verdict.write(buffer);
            assertThat(buffer.readableBytes()).isEqualTo(verdict.encodedLength());
            assertThat(TemplateVerdict.read(buffer)).isEqualTo(verdict);
        } finally {
            buffer.release();
        }
    }

    @Test
    void aMissingPolicyGivesPolicyLoadError() {
        TemplateVerdict verdict = PolicyEvaluator.policyLoadError(9, new MempoolView(12));

        assertThat(verdict.requestId()).isEqualTo(9);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reasons()).containsExactly(VerdictReason.POLICY_LOAD_ERROR);
        assertThat(verdict.context().mempoolTxCount()).isEqualTo(12);
        assertThat(verdict.context().policyHash()).isEmpty();
        assertThat(verdict.context().policyVersion()).isZero();
    }

    @Test
    void anUnexpectedFailureGivesInternalError() {
        TemplateVerdict verdict = PolicyEvaluator.internalError(10);

        assertThat(verdict.requestId()).isEqualTo(10);
        assertThat(verdict.reasonCode()).isEqualTo(VerdictReason.INTERNAL_ERROR);
        assertThat(verdict.reasons()).containsExactly(VerdictReason.INTERNAL_ERROR);
        assertThat(verdict.context().mempoolTxCount()).isEqualTo(-1);
    }

    @Test
    void nullArgumentsAreTheOnlyArgumentErrors() {
        ActivePolicy active = active(Policy.DEFAULTS);

        assertThatNullPointerException().isThrownBy(() -> PolicyEvaluator.evaluate(null, passing(), BUSY, NOW));
        assertThatNullPointerException().isThrownBy(() -> PolicyEvaluator.evaluate(active, null, BUSY, NOW));
        assertThatNullPointerException().isThrownBy(() -> PolicyEvaluator.evaluate(active, passing(), null, NOW));
    }

    /** The same transactions with the first one a weight unit heavier. */
    private static TransactionTable withFirstWeightPlusOne(TransactionTable transactions) {
        TransactionTable.Builder builder = TransactionTable.builder(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            builder.add(
                    transactions.txid(i),
                    transactions.fee(i),
                    transactions.weight(i) + (i == 0 ? 1 : 0),
                    transactions.sigops(i));
        }
        return builder.build();
    }
}
