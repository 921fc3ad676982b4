package org.reservegrid.verifier.policy;

/** Test helper: a {@link Policy} with some components changed. */
final class PolicyBuilder {
    int protocolVersion;
    int requiredPrevhashLen;
    long minAvgFeeLo;
    long minAvgFeeMid;
    long minAvgFeeHi;
    long lowMempoolTx;
    long highMempoolTx;
    long minTotalFees;
    long maxTxCount;
    boolean rejectEmptyTemplates;
    boolean rejectCoinbaseZero;
    boolean unknownMempoolAsHigh;
    double maxWeightRatio;
    long maxTemplateAgeSecs;
    long maxSigopsCost;
    long maxCoinbaseSigops;
    long coinbaseReservedWeight;

    private PolicyBuilder(Policy from) {
        protocolVersion = from.protocolVersion();
        requiredPrevhashLen = from.requiredPrevhashLen();
        minAvgFeeLo = from.minAvgFeeLo();
        minAvgFeeMid = from.minAvgFeeMid();
        minAvgFeeHi = from.minAvgFeeHi();
        lowMempoolTx = from.lowMempoolTx();
        highMempoolTx = from.highMempoolTx();
        minTotalFees = from.minTotalFees();
        maxTxCount = from.maxTxCount();
        rejectEmptyTemplates = from.rejectEmptyTemplates();
        rejectCoinbaseZero = from.rejectCoinbaseZero();
        unknownMempoolAsHigh = from.unknownMempoolAsHigh();
        maxWeightRatio = from.maxWeightRatio();
        maxTemplateAgeSecs = from.maxTemplateAgeSecs();
        maxSigopsCost = from.maxSigopsCost();
        maxCoinbaseSigops = from.maxCoinbaseSigops();
        coinbaseReservedWeight = from.coinbaseReservedWeight();
    }

    static PolicyBuilder defaults() {
        return new PolicyBuilder(Policy.DEFAULTS);
    }

    interface Change {
        void apply(PolicyBuilder builder);
    }

    static Policy defaultsWith(Change change) {
        PolicyBuilder builder = defaults();
        change.apply(builder);
        return builder.build();
    }

    Policy build() {
        return new Policy(
                protocolVersion,
                requiredPrevhashLen,
                minAvgFeeLo,
                minAvgFeeMid,
                minAvgFeeHi,
                lowMempoolTx,
                highMempoolTx,
                minTotalFees,
                maxTxCount,
                rejectEmptyTemplates,
                rejectCoinbaseZero,
                unknownMempoolAsHigh,
                maxWeightRatio,
                maxTemplateAgeSecs,
                maxSigopsCost,
                maxCoinbaseSigops,
                coinbaseReservedWeight);
    }
}
