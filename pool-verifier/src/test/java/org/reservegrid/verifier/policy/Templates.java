package org.reservegrid.verifier.policy;

import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;

/** Test helper: templates that pass {@link Policy#DEFAULTS} at {@link #NOW} unless a test changes them. */
final class Templates {
    static final long NOW = 1_750_000_000L;
    static final String PREV_HASH = "00000000000000000001a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3";
    static final long COINBASE_VALUE = 312_500_000L;

    private Templates() {}

    /** {@code count} transactions, each with the given fee, weight and sigops cost. */
    static TransactionTable transactions(int count, long fee, int weight, int sigops) {
        TransactionTable.Builder builder = TransactionTable.builder(count);
        byte[] txid = new byte[32];
        for (int i = 0; i < count; i++) {
            txid[0] = (byte) i;
            txid[1] = (byte) (i >>> 8);
            txid[2] = (byte) (i >>> 16);
            builder.add(txid, fee, weight, sigops);
        }
        return builder.build();
    }

    /** A template of 10 transactions paying 6,000 sat each (above every default tier), 1,000 WU, 4 sigops. */
    static TemplatePropose passing() {
        return template(transactions(10, 6_000, 1_000, 4));
    }

    static TemplatePropose template(TransactionTable transactions) {
        return new TemplatePropose(
                7, 2, PREV_HASH, 0x2000_0000, 0x1703_1abe, 900_000, NOW, COINBASE_VALUE, 100, transactions);
    }

    static TemplatePropose withPrevHash(TemplatePropose t, String prevHash) {
        return new TemplatePropose(
                t.requestId(),
                t.protocolVersion(),
                prevHash,
                t.version(),
                t.bits(),
                t.height(),
                t.curtime(),
                t.coinbaseValue(),
                t.coinbaseSigops(),
                t.transactions());
    }

    static TemplatePropose withProtocolVersion(TemplatePropose t, int protocolVersion) {
        return new TemplatePropose(
                t.requestId(),
                protocolVersion,
                t.prevHash(),
                t.version(),
                t.bits(),
                t.height(),
                t.curtime(),
                t.coinbaseValue(),
                t.coinbaseSigops(),
                t.transactions());
    }

    static TemplatePropose withCurtime(TemplatePropose t, long curtime) {
        return new TemplatePropose(
                t.requestId(),
                t.protocolVersion(),
                t.prevHash(),
                t.version(),
                t.bits(),
                t.height(),
                curtime,
                t.coinbaseValue(),
                t.coinbaseSigops(),
                t.transactions());
    }

    static TemplatePropose withCoinbase(TemplatePropose t, long coinbaseValue, long coinbaseSigops) {
        return new TemplatePropose(
                t.requestId(),
                t.protocolVersion(),
                t.prevHash(),
                t.version(),
                t.bits(),
                t.height(),
                t.curtime(),
                coinbaseValue,
                coinbaseSigops,
                t.transactions());
    }

    static TemplatePropose withTransactions(TemplatePropose t, TransactionTable transactions) {
        return new TemplatePropose(
                t.requestId(),
                t.protocolVersion(),
                t.prevHash(),
                t.version(),
                t.bits(),
                t.height(),
                t.curtime(),
                t.coinbaseValue(),
                t.coinbaseSigops(),
                transactions);
    }
}
