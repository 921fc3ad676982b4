package org.reservegrid.bitcoin;

/**
 * The BIP34 block height at the start of a coinbase scriptSig, written as Bitcoin Core writes
 * {@code CScript() << height}: {@code OP_0} or {@code OP_1}..{@code OP_16} for heights up to 16, otherwise a push of
 * the minimal little-endian script number (with a zero byte added when the top bit would read as a sign).
 *
 * @see <a href="https://github.com/bitcoin/bips/blob/master/bip-0034.mediawiki">BIP34</a>
 */
public final class Bip34 {
    private static final int OP_1 = 0x51;

    private Bip34() {}

    /** The script bytes for {@code height} (0 to 2<sup>63</sup>-1). */
    public static byte[] heightScript(long height) {
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height);
        }
        if (height == 0) {
            return new byte[] {0x00};
        }
        if (height <= 16) {
            return new byte[] {(byte) (OP_1 - 1 + height)};
        }
        byte[] digits = new byte[9];
        int length = 0;
        for (long rest = height; rest > 0; rest >>>= 8) {
            digits[length++] = (byte) rest;
        }
        if ((digits[length - 1] & 0x80) != 0) {
            digits[length++] = 0;
        }
        byte[] script = new byte[length + 1];
        script[0] = (byte) length;
        System.arraycopy(digits, 0, script, 1, length);
        return script;
    }
}
