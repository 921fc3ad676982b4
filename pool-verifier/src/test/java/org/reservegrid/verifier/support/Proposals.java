package org.reservegrid.verifier.support;

import java.time.Instant;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;

/** Templates for service tests, judged against the shipped config/policy.toml. */
public final class Proposals {
    public static final String PREV_HASH = "00000000000000000001a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3";

    private Proposals() {}

    /** Ten transactions paying 6,000 sat each: above every default fee tier, so accepted. */
    public static TemplatePropose passing(long requestId) {
        return template(requestId, 6_000);
    }

    /** Ten transactions paying 1 sat each: rejected with avg_fee_below_minimum in every tier but lo. */
    public static TemplatePropose lowFee(long requestId) {
        return template(requestId, 1);
    }

    /** Ten transactions paying {@code fee} sat each. */
    public static TemplatePropose withFee(long requestId, long fee) {
        return template(requestId, fee);
    }

    private static TemplatePropose template(long requestId, long fee) {
        TransactionTable.Builder transactions = TransactionTable.builder(10);
        byte[] txid = new byte[32];
        for (int i = 0; i < 10; i++) {
            txid[0] = (byte) i;
            transactions.add(txid, fee, 1_000, 4);
        }
        return new TemplatePropose(
                requestId,
                2,
                PREV_HASH,
                0x2000_0000,
                0x1703_1abe,
                900_000,
                Instant.now().getEpochSecond(),
                312_500_000L,
                100,
                transactions.build());
    }
}
