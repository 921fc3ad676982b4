package org.reservegrid.sv2.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.reservegrid.bitcoin.DoubleSha256;

/** Bitcoin base58check: base58 of {@code payload || first 4 bytes of SHA256(SHA256(payload))}. */
public final class Base58Check {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int CHECKSUM_LENGTH = 4;
    /** Keys are short; a bound keeps hostile input from costing quadratic time. */
    private static final int MAX_TEXT_LENGTH = 512;

    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEXES[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58Check() {}

    public static String encode(byte[] payload) {
        byte[] withChecksum = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
        System.arraycopy(DoubleSha256.hash(payload, 0, payload.length), 0, withChecksum, payload.length, 4);
        int leadingZeros = 0;
        while (leadingZeros < withChecksum.length && withChecksum[leadingZeros] == 0) {
            leadingZeros++;
        }
        StringBuilder text = new StringBuilder();
        BigInteger value = new BigInteger(1, withChecksum);
        while (value.signum() > 0) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(BASE);
            text.append(ALPHABET.charAt(quotientAndRemainder[1].intValue()));
            value = quotientAndRemainder[0];
        }
        text.append("1".repeat(leadingZeros));
        return text.reverse().toString();
    }

    /**
     * Decodes and checks the checksum.
     *
     * @throws InvalidEncodingException for characters outside the alphabet, a bad checksum or a too short text
     */
    public static byte[] decode(String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidEncodingException("base58check text has an invalid length");
        }
        BigInteger value = BigInteger.ZERO;
        int leadingOnes = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new InvalidEncodingException("base58check text contains a character outside the alphabet");
            }
            if (leading && digit == 0) {
                leadingOnes++;
            } else {
                leading = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int strip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] decoded = new byte[leadingOnes + magnitude.length - strip];
        System.arraycopy(magnitude, strip, decoded, leadingOnes, magnitude.length - strip);
        if (decoded.length < CHECKSUM_LENGTH) {
            throw new InvalidEncodingException("base58check text is too short");
        }
        int payloadLength = decoded.length - CHECKSUM_LENGTH;
        byte[] checksum = DoubleSha256.hash(decoded, 0, payloadLength);
        if (!MessageDigest.isEqual(
                Arrays.copyOf(checksum, CHECKSUM_LENGTH), Arrays.copyOfRange(decoded, payloadLength, decoded.length))) {
            throw new InvalidEncodingException("base58check checksum mismatch");
        }
        return Arrays.copyOf(decoded, payloadLength);
    }
}
