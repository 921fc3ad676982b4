package org.reservegrid.verifier.policy;

import org.reservegrid.protocol.message.TransactionTable;

/** Test helper: transaction tables with chosen fees (400 WU and 1 sigop each). */
final class TransactionTableFixtures {
    private TransactionTableFixtures() {}

    static TransactionTable withFees(long... fees) {
        TransactionTable.Builder builder = TransactionTable.builder(fees.length);
        for (int i = 0; i < fees.length; i++) {
            byte[] txid = new byte[32];
            txid[0] = (byte) i;
            builder.add(txid, fees[i], 400, 1);
        }
        return builder.build();
    }
}
