package org.reservegrid.regtest.funds;

import org.bitcoinj.base.Sha256Hash;

/**
 * An output the purse's key can spend.
 *
 * @param confirmedAt height of the block that holds it; a coinbase output is spendable in block {@code confirmedAt +
 *     100} onward
 */
public record Utxo(Sha256Hash txid, int index, long value, int confirmedAt, boolean coinbase) {
    public static final int COINBASE_MATURITY = 100;

    /** True when a transaction spending it may enter the mempool of a node whose tip is at {@code tipHeight}. */
    public boolean spendableAbove(int tipHeight) {
        return !coinbase || tipHeight + 1 - confirmedAt >= COINBASE_MATURITY;
    }
}
