package org.reservegrid.demofeed.simulation;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.ByteWriter;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.bitcoin.DoubleSha256;

/**
 * Builds transactions whose byte layout follows the common mainnet spending patterns (P2WPKH, taproot key and
 * script path, legacy P2PKH, 2-of-3 P2WSH, payout batches, consolidations), so sizes, weights, witness shares and
 * sigop costs come out as they would for real traffic. Keys, signatures and outpoints are random bytes.
 */
final class TransactionFactory {
    private static final int MAX_STANDARD_WEIGHT = 400_000;

    private enum InputKind {
        P2PKH,
        P2WPKH,
        P2TR_KEY,
        P2TR_SCRIPT,
        P2WSH_2OF3
    }

    private enum OutputKind {
        P2PKH,
        P2SH,
        P2WPKH,
        P2WSH,
        P2TR,
        OP_RETURN
    }

    private record Shape(InputKind input, int minInputs, int maxInputs, int minOutputs, int maxOutputs) {}

    /** Shapes with their share of transactions, roughly the mix seen in mainnet blocks of 2024-2025. */
    private static final Shape[] SHAPES = {
        new Shape(InputKind.P2WPKH, 1, 1, 1, 2),
        new Shape(InputKind.P2TR_KEY, 1, 1, 1, 2),
        new Shape(InputKind.P2WPKH, 2, 6, 1, 2),
        new Shape(InputKind.P2TR_KEY, 2, 4, 1, 2),
        new Shape(InputKind.P2PKH, 1, 3, 1, 2),
        new Shape(InputKind.P2WSH_2OF3, 1, 2, 1, 2),
        new Shape(InputKind.P2WPKH, 1, 2, 5, 50),
        new Shape(InputKind.P2WPKH, 5, 30, 1, 1),
        new Shape(InputKind.P2TR_SCRIPT, 1, 1, 1, 1),
    };

    private static final int[] SHAPE_SHARES_PERCENT = {33, 22, 12, 8, 6, 5, 3, 2, 9};

    private final SplittableRandom random;
    private final DoubleSha256.Hasher hasher;
    private final ByteWriter stripped = new ByteWriter(4096);
    private final ByteWriter full = new ByteWriter(8192);
    private final ByteWriter inputs = new ByteWriter(4096);
    private final ByteWriter outputs = new ByteWriter(4096);
    private final ByteWriter witness = new ByteWriter(8192);

    TransactionFactory(SplittableRandom random, DoubleSha256.Hasher hasher) {
        this.random = random;
        this.hasher = hasher;
    }

    /**
     * A new transaction paying {@code feeRate} sat/vB; when {@code parent} is given, the first input spends one of
     * its outputs, which makes the parent a {@code depends} entry whenever both sit in the same template.
     */
    SyntheticTransaction create(double feeRate, @Nullable SyntheticTransaction parent) {
        Shape shape = pickShape();
        int inputCount = between(shape.minInputs(), shape.maxInputs());
        int outputCount = between(shape.minOutputs(), shape.maxOutputs());

        inputs.reset();
        outputs.reset();
        witness.reset();
        int sigops = 0;
        boolean segwit = false;
        inputs.compactSize(inputCount);
        for (int i = 0; i < inputCount; i++) {
            byte[] prevTxid = i == 0 && parent != null ? DisplayHex.parse(parent.txid()) : randomBytes(32);
            inputs.bytes(prevTxid).u32(random.nextInt(i == 0 && parent != null ? 2 : 4));
            sigops += writeInput(shape.input());
            segwit |= shape.input() != InputKind.P2PKH;
        }
        outputs.compactSize(outputCount);
        for (int i = 0; i < outputCount; i++) {
            sigops += writeOutput(pickOutput(i));
        }

        int version = random.nextInt(10) == 0 ? 1 : 2;
        long lockTime = random.nextBoolean() ? 0 : 850_000 + random.nextInt(100_000);
        stripped.reset();
        stripped.u32(version).bytes(inputs).bytes(outputs).u32(lockTime);
        byte[] strippedBytes = stripped.toByteArray();
        byte[] fullBytes;
        if (segwit) {
            full.reset();
            full.u32(version)
                    .u8(0x00)
                    .u8(0x01)
                    .bytes(inputs)
                    .bytes(outputs)
                    .bytes(witness)
                    .u32(lockTime);
            fullBytes = full.toByteArray();
        } else {
            fullBytes = strippedBytes;
        }

        int weight = strippedBytes.length * 3 + fullBytes.length;
        if (weight > MAX_STANDARD_WEIGHT) {
            return create(feeRate, parent);
        }
        byte[] txidInternal = hasher.hash(strippedBytes);
        byte[] wtxidInternal = segwit ? hasher.hash(fullBytes) : txidInternal;
        int vsize = (weight + 3) / 4;
        long fee = Math.max(vsize, Math.round(feeRate * vsize));
        return new SyntheticTransaction(
                HexFormat.of().formatHex(fullBytes),
                DisplayHex.format(txidInternal),
                DisplayHex.format(wtxidInternal),
                wtxidInternal,
                fullBytes.length,
                weight,
                sigops,
                fee,
                parent == null ? null : parent.txid());
    }

    /** Writes the non-witness part of one input to {@code inputs} and its stack to {@code witness}. */
    private int writeInput(InputKind kind) {
        return switch (kind) {
            case P2PKH -> {
                ByteWriter scriptSig = new ByteWriter(110);
                scriptSig.varBytes(derSignature()).varBytes(compressedPubKey());
                inputs.compactSize(scriptSig.length()).bytes(scriptSig).u32(sequence());
                witness.u8(0);
                yield 0;
            }
            case P2WPKH -> {
                inputs.u8(0).u32(sequence());
                witness.u8(2).varBytes(derSignature()).varBytes(compressedPubKey());
                yield 1;
            }
            case P2TR_KEY -> {
                inputs.u8(0).u32(sequence());
                witness.u8(1).varBytes(randomBytes(random.nextInt(20) == 0 ? 65 : 64));
                yield 0;
            }
            case P2TR_SCRIPT -> {
                inputs.u8(0).u32(sequence());
                witness.u8(3)
                        .varBytes(randomBytes(64))
                        .varBytes(envelopeScript())
                        .varBytes(controlBlock());
                yield 0;
            }
            case P2WSH_2OF3 -> {
                inputs.u8(0).u32(sequence());
                ByteWriter script = new ByteWriter(105);
                script.u8(0x52);
                for (int k = 0; k < 3; k++) {
                    script.varBytes(compressedPubKey());
                }
                script.u8(0x53).u8(0xae);
                witness.u8(4)
                        .u8(0)
                        .varBytes(derSignature())
                        .varBytes(derSignature())
                        .varBytes(script.toByteArray());
                yield 3;
            }
        };
    }

    private int writeOutput(OutputKind kind) {
        outputs.u64(546 + (long) (random.nextDouble() * random.nextDouble() * 500_000_000L));
        switch (kind) {
            case P2PKH -> {
                outputs.u8(25)
                        .u8(0x76)
                        .u8(0xa9)
                        .u8(0x14)
                        .bytes(randomBytes(20))
                        .u8(0x88)
                        .u8(0xac);
                return 4;
            }
            case P2SH -> outputs.u8(23).u8(0xa9).u8(0x14).bytes(randomBytes(20)).u8(0x87);
            case P2WPKH -> outputs.u8(22).u8(0x00).u8(0x14).bytes(randomBytes(20));
            case P2WSH -> outputs.u8(34).u8(0x00).u8(0x20).bytes(randomBytes(32));
            case P2TR -> outputs.u8(34).u8(0x51).u8(0x20).bytes(randomBytes(32));
            case OP_RETURN -> {
                // Pushes beyond 75 bytes need OP_PUSHDATA1, as in the common 80-byte OP_RETURN.
                int payload = between(8, 80);
                if (payload <= 75) {
                    outputs.u8(payload + 2).u8(0x6a).u8(payload);
                } else {
                    outputs.u8(payload + 3).u8(0x6a).u8(0x4c).u8(payload);
                }
                outputs.bytes(randomBytes(payload));
            }
        }
        return 0;
    }

    private Shape pickShape() {
        int roll = random.nextInt(100);
        for (int i = 0; i < SHAPES.length; i++) {
            roll -= SHAPE_SHARES_PERCENT[i];
            if (roll < 0) {
                return SHAPES[i];
            }
        }
        return SHAPES[0];
    }

    private OutputKind pickOutput(int index) {
        int roll = random.nextInt(100);
        if (index > 0 && roll < 2) {
            return OutputKind.OP_RETURN;
        }
        if (roll < 47) {
            return OutputKind.P2WPKH;
        } else if (roll < 72) {
            return OutputKind.P2TR;
        } else if (roll < 82) {
            return OutputKind.P2SH;
        } else if (roll < 94) {
            return OutputKind.P2PKH;
        }
        return OutputKind.P2WSH;
    }

    /** DER signature plus sighash byte: 71 bytes with a low R value, 72 when R needs a sign-padding byte. */
    private byte[] derSignature() {
        boolean padR = random.nextInt(4) == 0;
        ByteWriter sig = new ByteWriter(72);
        sig.u8(0x30).u8(padR ? 0x45 : 0x44).u8(0x02);
        if (padR) {
            sig.u8(0x21).u8(0x00).u8(0x80 | random.nextInt(0x80));
        } else {
            sig.u8(0x20).u8(random.nextInt(0x80));
        }
        sig.bytes(randomBytes(31)).u8(0x02).u8(0x20).u8(random.nextInt(0x80)).bytes(randomBytes(31));
        return sig.u8(0x01).toByteArray();
    }

    private byte[] compressedPubKey() {
        byte[] key = randomBytes(33);
        key[0] = (byte) (random.nextBoolean() ? 0x02 : 0x03);
        return key;
    }

    private byte[] controlBlock() {
        byte[] block = randomBytes(33);
        block[0] = (byte) (0xc0 | random.nextInt(2));
        return block;
    }

    /**
     * A tapscript in the shape of an inscription envelope: {@code <key> OP_CHECKSIG OP_FALSE OP_IF <pushes>
     * OP_ENDIF}, with a payload size drawn from a heavy-tailed distribution.
     */
    private byte[] envelopeScript() {
        int payload = (int) Math.min(60_000, 40 + 150 / Math.pow(1 - random.nextDouble(), 0.8));
        ByteWriter script = new ByteWriter(payload + 64);
        script.u8(0x20).bytes(randomBytes(32)).u8(0xac).u8(0x00).u8(0x63);
        while (payload > 0) {
            int chunk = Math.min(520, payload);
            if (chunk < 76) {
                script.u8(chunk);
            } else if (chunk < 256) {
                script.u8(0x4c).u8(chunk);
            } else {
                script.u8(0x4d).u8(chunk & 0xff).u8(chunk >>> 8);
            }
            script.bytes(randomBytes(chunk));
            payload -= chunk;
        }
        return script.u8(0x68).toByteArray();
    }

    private long sequence() {
        int roll = random.nextInt(10);
        return roll < 7 ? 0xfffffffdL : roll < 9 ? 0xffffffffL : 0xfffffffeL;
    }

    private int between(int min, int max) {
        return min == max ? min : min + random.nextInt(max - min + 1);
    }

    private byte[] randomBytes(int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }
}
