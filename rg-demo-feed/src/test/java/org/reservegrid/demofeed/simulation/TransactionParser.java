package org.reservegrid.demofeed.simulation;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An independent reader of serialised transactions for tests: it walks the bytes field by field, fails on any
 * leftover or missing byte, and recomputes txid, wtxid, weight and sigop cost from what it read.
 */
final class TransactionParser {
    private final byte[] bytes;
    private int position;

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

    private TransactionParser(byte[] bytes) {
        this.bytes = bytes;
    }

    static Parsed parse(String hex) {
        return new TransactionParser(HexFormat.of().parseHex(hex)).parse();
    }

    private Parsed parse() {
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        stripped.write(bytes, 0, 4);
        position = 4;
        boolean segwit = bytes[4] == 0 && bytes[5] == 1;
        if (segwit) {
            position += 2;
        }
        int bodyStart = position;
        long inputCount = varInt();
        List<String> spent = new ArrayList<>();
        List<Integer> scriptSigLengths = new ArrayList<>();
        for (long i = 0; i < inputCount; i++) {
            spent.add(Hashes.displayHex(take(32)));
            take(4);
            byte[] scriptSig = take((int) varInt());
            scriptSigLengths.add(scriptSig.length);
            take(4);
        }
        long outputCount = varInt();
        int legacySigops = 0;
        for (long i = 0; i < outputCount; i++) {
            take(8);
            legacySigops += countSigops(take((int) varInt()), false);
        }
        stripped.write(bytes, bodyStart, position - bodyStart);
        int witnessSigops = 0;
        if (segwit) {
            for (long i = 0; i < inputCount; i++) {
                long items = varInt();
                List<byte[]> stack = new ArrayList<>();
                for (long k = 0; k < items; k++) {
                    stack.add(take((int) varInt()));
                }
                witnessSigops += witnessSigops(stack, scriptSigLengths.get((int) i));
            }
        }
        stripped.write(bytes, position, 4);
        take(4);
        if (position != bytes.length) {
            throw new IllegalArgumentException((bytes.length - position) + " bytes left after the lock time");
        }
        byte[] strippedBytes = stripped.toByteArray();
        Hashes hashes = new Hashes();
        String txid = Hashes.displayHex(hashes.sha256d(strippedBytes));
        String wtxid = segwit ? Hashes.displayHex(hashes.sha256d(bytes)) : txid;
        return new Parsed(
                (int) inputCount,
                (int) outputCount,
                segwit,
                bytes.length,
                strippedBytes.length,
                strippedBytes.length * 3 + bytes.length,
                legacySigops * 4 + witnessSigops,
                txid,
                wtxid,
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

    private long varInt() {
        int first = bytes[position++] & 0xff;
        if (first < 0xfd) {
            return first;
        }
        int width = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (long) (bytes[position++] & 0xff) << (8 * i);
        }
        return value;
    }

    private byte[] take(int count) {
        if (count < 0 || position + count > bytes.length) {
            throw new IllegalArgumentException("truncated transaction at byte " + position);
        }
        byte[] out = new byte[count];
        System.arraycopy(bytes, position, out, 0, count);
        position += count;
        return out;
    }
}
