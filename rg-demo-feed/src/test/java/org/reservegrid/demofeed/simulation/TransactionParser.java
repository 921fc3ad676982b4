package org.reservegrid.demofeed.simulation;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.bitcoin.Transaction;

/**
 * An independent reader of serialised transactions for tests: rg-bitcoin's {@link Transaction} reads the bytes
 * field by field (failing on any leftover or missing byte), and this recomputes txid, wtxid, weight and sigop cost
 * from what it read.
 */
final class TransactionParser {

    /** What the parser recovered from one transaction. */
    record Parsed(
            int inputs,
            int outputs,
            boolean segwit,
            int size,
            int strippedSize,
            int weight,
            int sigops,
            String txid,
            String wtxid,
            List<String> spentTxids) {}

    private TransactionParser() {}

    static Parsed parse(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        Transaction tx = Transaction.fromBytes(bytes);
        List<String> spent = new ArrayList<>();
        int witnessSigops = 0;
        for (Transaction.Input input : tx.inputs()) {
            spent.add(DisplayHex.format(input.previousTxid()));
            witnessSigops += witnessSigops(input.witness(), input.scriptSig().length);
        }
        int legacySigops = 0;
        for (Transaction.Output output : tx.outputs()) {
            legacySigops += countSigops(output.scriptPubKey(), false);
        }
        int strippedSize = tx.toByteArrayWithoutWitness().length;
        String txid = DisplayHex.format(tx.txid());
        return new Parsed(
                tx.inputs().size(),
                tx.outputs().size(),
                tx.hasWitness(),
                bytes.length,
                strippedSize,
                strippedSize * 3 + bytes.length,
                legacySigops * 4 + witnessSigops,
                txid,
                tx.hasWitness() ? DisplayHex.format(tx.wtxid()) : txid,
                spent);
    }

    /**
     * Witness sigops by spend type, inferred from the stack shape: P2WPKH (two items, a 33-byte key, empty
     * scriptSig) costs one; taproot spends cost nothing; otherwise the last item is a P2WSH witness script, counted
     * accurately.
     */
    private static int witnessSigops(List<byte[]> stack, int scriptSigLength) {
        if (stack.isEmpty() || scriptSigLength != 0) {
            return 0;
        }
        byte[] last = stack.get(stack.size() - 1);
        if (stack.size() == 2 && last.length == 33) {
            return 1;
        }
        if (stack.size() == 1 || (last.length == 33 && (last[0] & 0xfe) == 0xc0)) {
            return 0;
        }
        return countSigops(last, true);
    }

    /** Bitcoin Core's GetSigOpCount: pushes are skipped, multisig counts its key count when accurate, else 20. */
    static int countSigops(byte[] script, boolean accurate) {
        int count = 0;
        int lastOpcode = 0xff;
        int i = 0;
        while (i < script.length) {
            int opcode = script[i++] & 0xff;
            if (opcode >= 0x01 && opcode <= 0x4b) {
                i += opcode;
            } else if (opcode == 0x4c) {
                i += 1 + (script[i] & 0xff);
            } else if (opcode == 0x4d) {
                i += 2 + ((script[i] & 0xff) | (script[i + 1] & 0xff) << 8);
            } else if (opcode == 0xac || opcode == 0xad) {
                count++;
            } else if (opcode == 0xae || opcode == 0xaf) {
                count += accurate && lastOpcode >= 0x51 && lastOpcode <= 0x60 ? lastOpcode - 0x50 : 20;
            }
            lastOpcode = opcode;
        }
        return count;
    }
}
