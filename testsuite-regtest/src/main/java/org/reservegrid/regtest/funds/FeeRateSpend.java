package org.reservegrid.regtest.funds;

import org.bitcoinj.core.Transaction;

/**
 * A signed transaction built to pay a chosen fee rate.
 *
 * @param feeRate the rate asked for, satoshis per virtual byte
 * @param fee the fee it pays: {@code feeRate * vsize}, exactly
 * @param vsize virtual size, {@code ceil(weight / 4)}
 */
public record FeeRateSpend(Transaction transaction, long feeRate, long fee, int vsize, int weight) {
    public String txid() {
        return transaction.getTxId().toString();
    }

    public String wtxid() {
        return transaction.getWTxId().toString();
    }

    public byte[] serialize() {
        return transaction.serialize();
    }
}
