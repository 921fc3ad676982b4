package org.reservegrid.sv2.mining;

import java.util.List;
import org.reservegrid.bitcoin.ByteWriter;

/** Serializes a full block for submitblock: header, transaction count, coinbase, then the template's transactions. */
public final class BlockAssembler {
    private BlockAssembler() {}

    /**
     * @param transactions the template's transactions in order, each as its raw serialization (the GBT "data")
     */
    public static byte[] assemble(BlockHeader header, byte[] coinbaseForBlock, List<byte[]> transactions) {
        ByteWriter out = new ByteWriter(BlockHeader.LENGTH + 16 + coinbaseForBlock.length)
                .bytes(header.toBytes())
                .compactSize(transactions.size() + 1L)
                .bytes(coinbaseForBlock);
        for (byte[] transaction : transactions) {
            out.bytes(transaction);
        }
        return out.toByteArray();
    }
}
