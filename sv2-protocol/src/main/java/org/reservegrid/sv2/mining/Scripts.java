package org.reservegrid.sv2.mining;

import java.io.ByteArrayOutputStream;

/** The few script encodings a pool needs to build a coinbase. */
public final class Scripts {
    private static final byte[] WITNESS_COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private Scripts() {}

    /**
     * BIP34 block height push exactly as Bitcoin Core writes {@code CScript() << height}: OP_0 / OP_1..OP_16 for
     * small heights, otherwise a minimal little-endian CScriptNum push.
     */
    public static byte[] heightPush(long height) {
        if (height < 0) {
            throw new IllegalArgumentException("negative height");
        }
        if (height == 0) {
            return new byte[] {0x00};
        }
        if (height <= 16) {
            return new byte[] {(byte) (0x50 + height)};
        }
        ByteArrayOutputStream number = new ByteArrayOutputStream();
        long remaining = height;
        while (remaining > 0) {
            number.write((int) (remaining & 0xff));
            remaining >>>= 8;
        }
        byte[] digits = number.toByteArray();
        if ((digits[digits.length - 1] & 0x80) != 0) {
            byte[] padded = new byte[digits.length + 1];
            System.arraycopy(digits, 0, padded, 0, digits.length);
            digits = padded;
        }
        return push(digits);
    }

    /** A direct data push (up to 75 bytes, all a coinbase scriptSig can hold anyway). */
    public static byte[] push(byte[] data) {
        if (data.length > 75) {
            throw new IllegalArgumentException("pushes over 75 bytes are not used in a coinbase scriptSig");
        }
        byte[] out = new byte[data.length + 1];
        out[0] = (byte) data.length;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    /** OP_RETURN output script committing to the witness merkle root (BIP141). */
    public static byte[] witnessCommitmentScript(byte[] commitmentHash) {
        if (commitmentHash.length != 32) {
            throw new IllegalArgumentException("a witness commitment is 32 bytes");
        }
        byte[] script = new byte[38];
        System.arraycopy(WITNESS_COMMITMENT_HEADER, 0, script, 0, 6);
        System.arraycopy(commitmentHash, 0, script, 6, 32);
        return script;
    }

    /**
     * The commitment output script from a template's {@code default_witness_commitment}: Bitcoin Core and bcoin
     * give the whole script, btcd gives the bare 32-byte hash.
     */
    public static byte[] witnessCommitmentFromTemplate(byte[] given) {
        if (given.length == 32) {
            return witnessCommitmentScript(given);
        }
        if (given.length == 38
                && java.util.Arrays.equals(java.util.Arrays.copyOf(given, 6), WITNESS_COMMITMENT_HEADER)) {
            return given.clone();
        }
        throw new IllegalArgumentException(
                "default_witness_commitment is neither a 32-byte hash nor a commitment script");
    }
}
