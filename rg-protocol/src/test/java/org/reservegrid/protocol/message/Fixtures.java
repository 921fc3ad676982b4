package org.reservegrid.protocol.message;

import java.util.List;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;

final class Fixtures {
    private Fixtures() {}

    static TemplatePropose propose(int txCount) {
        TransactionTable.Builder table = TransactionTable.builder(txCount);
        for (int i = 0; i < txCount; i++) {
            byte[] txid = new byte[32];
            txid[0] = (byte) i;
            txid[31] = (byte) (i >> 8);
            table.add(txid, 1_000L + i, 560 + i, 4);
        }
        return new TemplatePropose(
                42L,
                2,
                "0000000000000000000123456789abcdef0123456789abcdef0123456789abcd",
                0x2000_0000,
                0x1703_4219,
                870_000,
                1_730_000_000L,
                312_500_000L + table.build().totalFees(),
                400,
                table.build());
    }

    static TemplateVerdict rejection() {
        return TemplateVerdict.reject(
                7L,
                List.of(VerdictReason.AVG_FEE_BELOW_MINIMUM, VerdictReason.TEMPLATE_TOO_OLD),
                new VerdictContext(
                        FeeTier.MID,
                        25,
                        new VerdictContext.Thresholds(2000, 0, 10_000, 0.999, 30, 80_000, 20_000),
                        new VerdictContext.Measured(3, 4500, 1500.0, 6000, 0.0015, 12, 4, 31),
                        3,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        17));
    }
}
