package org.reservegrid.sv2.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Allocation-free RFC 8439 ChaCha20-Poly1305 for short messages, where the JDK cipher's per-call setup (key checks,
 * parameter objects, provider dispatch) costs more than the arithmetic. Poly1305 uses five 26-bit limbs in longs
 * (the "donna-32" layout). Same nonce layout as {@link ChaChaPoly}: 4 zero bytes, then the counter as LE u64.
 *
 * <p>Not thread-safe; one per {@link ChaChaPoly}.
 */
final class ChaCha20Poly1305Engine {

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MASK26 = 0x3ffffff;
    private static final long MASK32 = 0xffffffffL;

    private final int[] key = new int[8];
    private final int[] block = new int[16];
    private final byte[] lastBlock = new byte[16];
    private final byte[] expectedTag = new byte[16];

    // Poly1305 state.
    private long r0, r1, r2, r3, r4, s1, s2, s3, s4;
    private long h0, h1, h2, h3, h4;
    private long pad0, pad1, pad2, pad3;

    ChaCha20Poly1305Engine(byte[] keyBytes) {
        for (int i = 0; i < 8; i++) {
            key[i] = (int) LE_INT.get(keyBytes, 4 * i);
        }
    }

    int seal(long nonce, byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        initPoly(nonce);
        xorKeystream(nonce, in, inOffset, length, out, outOffset);
        authenticate(ad, out, outOffset, length);
        writeTag(out, outOffset + length);
        return length + ChaChaPoly.TAG_LENGTH;
    }

    int open(long nonce, byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset)
            throws AeadAuthenticationException {
        int plaintextLength = length - ChaChaPoly.TAG_LENGTH;
        initPoly(nonce);
        authenticate(ad, in, inOffset, plaintextLength);
        writeTag(expectedTag, 0);
        int difference = 0;
        for (int i = 0; i < ChaChaPoly.TAG_LENGTH; i++) {
            difference |= expectedTag[i] ^ in[inOffset + plaintextLength + i];
        }
        if (difference != 0) {
            throw new AeadAuthenticationException("authentication tag mismatch");
        }
        xorKeystream(nonce, in, inOffset, plaintextLength, out, outOffset);
        return plaintextLength;
    }

    /** ChaCha20 block function into {@link #block}. */
    private void chachaBlock(int counter, long nonce) {
        int x0 = 0x61707865, x1 = 0x3320646e, x2 = 0x79622d32, x3 = 0x6b206574;
        int x4 = key[0], x5 = key[1], x6 = key[2], x7 = key[3];
        int x8 = key[4], x9 = key[5], x10 = key[6], x11 = key[7];
        int x12 = counter, x13 = 0, x14 = (int) nonce, x15 = (int) (nonce >>> 32);
        for (int round = 0; round < 10; round++) {
            // Column rounds.
            x0 += x4;
            x12 = Integer.rotateLeft(x12 ^ x0, 16);
            x8 += x12;
            x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4;
            x12 = Integer.rotateLeft(x12 ^ x0, 8);
            x8 += x12;
            x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5;
            x13 = Integer.rotateLeft(x13 ^ x1, 16);
            x9 += x13;
            x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5;
            x13 = Integer.rotateLeft(x13 ^ x1, 8);
            x9 += x13;
            x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6;
            x14 = Integer.rotateLeft(x14 ^ x2, 16);
            x10 += x14;
            x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6;
            x14 = Integer.rotateLeft(x14 ^ x2, 8);
            x10 += x14;
            x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7;
            x15 = Integer.rotateLeft(x15 ^ x3, 16);
            x11 += x15;
            x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7;
            x15 = Integer.rotateLeft(x15 ^ x3, 8);
            x11 += x15;
            x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // Diagonal rounds.
            x0 += x5;
            x15 = Integer.rotateLeft(x15 ^ x0, 16);
            x10 += x15;
            x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5;
            x15 = Integer.rotateLeft(x15 ^ x0, 8);
            x10 += x15;
            x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6;
            x12 = Integer.rotateLeft(x12 ^ x1, 16);
            x11 += x12;
            x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6;
            x12 = Integer.rotateLeft(x12 ^ x1, 8);
            x11 += x12;
            x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7;
            x13 = Integer.rotateLeft(x13 ^ x2, 16);
            x8 += x13;
            x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7;
            x13 = Integer.rotateLeft(x13 ^ x2, 8);
            x8 += x13;
            x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4;
            x14 = Integer.rotateLeft(x14 ^ x3, 16);
            x9 += x14;
            x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4;
            x14 = Integer.rotateLeft(x14 ^ x3, 8);
            x9 += x14;
            x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        block[0] = x0 + 0x61707865;
        block[1] = x1 + 0x3320646e;
        block[2] = x2 + 0x79622d32;
        block[3] = x3 + 0x6b206574;
        block[4] = x4 + key[0];
        block[5] = x5 + key[1];
        block[6] = x6 + key[2];
        block[7] = x7 + key[3];
        block[8] = x8 + key[4];
        block[9] = x9 + key[5];
        block[10] = x10 + key[6];
        block[11] = x11 + key[7];
        block[12] = x12 + counter;
        block[13] = x13;
        block[14] = x14 + (int) nonce;
        block[15] = x15 + (int) (nonce >>> 32);
    }

    /** Block 0's first 32 bytes are the one-time Poly1305 key. */
    private void initPoly(long nonce) {
        chachaBlock(0, nonce);
        long t0 = block[0] & MASK32;
        long t1 = block[1] & MASK32;
        long t2 = block[2] & MASK32;
        long t3 = block[3] & MASK32;
        r0 = t0 & 0x3ffffff;
        r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
        r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
        r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
        r4 = (t3 >>> 8) & 0x00fffff;
        s1 = r1 * 5;
        s2 = r2 * 5;
        s3 = r3 * 5;
        s4 = r4 * 5;
        pad0 = block[4] & MASK32;
        pad1 = block[5] & MASK32;
        pad2 = block[6] & MASK32;
        pad3 = block[7] & MASK32;
        h0 = h1 = h2 = h3 = h4 = 0;
    }

    /** Blocks 1.. XORed over the data. */
    private void xorKeystream(long nonce, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        int counter = 1;
        int done = 0;
        while (done < length) {
            chachaBlock(counter++, nonce);
            int chunk = Math.min(64, length - done);
            if (chunk == 64) {
                for (int i = 0; i < 16; i++) {
                    int word = (int) LE_INT.get(in, inOffset + done + 4 * i);
                    LE_INT.set(out, outOffset + done + 4 * i, word ^ block[i]);
                }
            } else {
                for (int i = 0; i < chunk; i++) {
                    out[outOffset + done + i] = (byte) (in[inOffset + done + i] ^ (block[i >>> 2] >>> (8 * (i & 3))));
                }
            }
            done += chunk;
        }
    }

    /** Poly1305 over {@code ad || pad16 || ciphertext || pad16 || le64(ad) || le64(ciphertext)}. */
    private void authenticate(byte[] ad, byte[] ciphertext, int offset, int length) {
        absorbPadded(ad, 0, ad.length);
        absorbPadded(ciphertext, offset, length);
        LE_LONG.set(lastBlock, 0, (long) ad.length);
        LE_LONG.set(lastBlock, 8, (long) length);
        absorbBlock(lastBlock, 0);
    }

    private void absorbPadded(byte[] data, int offset, int length) {
        int full = length & ~15;
        for (int i = 0; i < full; i += 16) {
            absorbBlock(data, offset + i);
        }
        int rest = length - full;
        if (rest > 0) {
            Arrays.fill(lastBlock, (byte) 0);
            System.arraycopy(data, offset + full, lastBlock, 0, rest);
            absorbBlock(lastBlock, 0);
        }
    }

    private void absorbBlock(byte[] m, int offset) {
        long t0 = (int) LE_INT.get(m, offset) & MASK32;
        long t1 = (int) LE_INT.get(m, offset + 4) & MASK32;
        long t2 = (int) LE_INT.get(m, offset + 8) & MASK32;
        long t3 = (int) LE_INT.get(m, offset + 12) & MASK32;
        h0 += t0 & MASK26;
        h1 += ((t0 >>> 26) | (t1 << 6)) & MASK26;
        h2 += ((t1 >>> 20) | (t2 << 12)) & MASK26;
        h3 += ((t2 >>> 14) | (t3 << 18)) & MASK26;
        h4 += (t3 >>> 8) | (1L << 24);

        long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
        long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
        long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
        long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
        long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

        long c = d0 >>> 26;
        h0 = d0 & MASK26;
        d1 += c;
        c = d1 >>> 26;
        h1 = d1 & MASK26;
        d2 += c;
        c = d2 >>> 26;
        h2 = d2 & MASK26;
        d3 += c;
        c = d3 >>> 26;
        h3 = d3 & MASK26;
        d4 += c;
        c = d4 >>> 26;
        h4 = d4 & MASK26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK26;
        h1 += c;
    }

    private void writeTag(byte[] out, int offset) {
        long c = h1 >>> 26;
        h1 &= MASK26;
        h2 += c;
        c = h2 >>> 26;
        h2 &= MASK26;
        h3 += c;
        c = h3 >>> 26;
        h3 &= MASK26;
        h4 += c;
        c = h4 >>> 26;
        h4 &= MASK26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK26;
        h1 += c;

        // g = h + 5 - 2^130; keep h if g is negative (h < p), else g. Branch-free.
        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= MASK26;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= MASK26;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= MASK26;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= MASK26;
        long g4 = h4 + c - (1L << 26);
        long useG = (g4 >>> 63) - 1;
        long useH = ~useG;
        long f0 = (h0 & useH) | (g0 & useG);
        long f1 = (h1 & useH) | (g1 & useG);
        long f2 = (h2 & useH) | (g2 & useG);
        long f3 = (h3 & useH) | (g3 & useG);
        long f4 = (h4 & useH) | (g4 & useG);

        long w0 = (f0 | (f1 << 26)) & MASK32;
        long w1 = ((f1 >>> 6) | (f2 << 20)) & MASK32;
        long w2 = ((f2 >>> 12) | (f3 << 14)) & MASK32;
        long w3 = ((f3 >>> 18) | (f4 << 8)) & MASK32;

        long sum = w0 + pad0;
        LE_INT.set(out, offset, (int) sum);
        sum = w1 + pad1 + (sum >>> 32);
        LE_INT.set(out, offset + 4, (int) sum);
        sum = w2 + pad2 + (sum >>> 32);
        LE_INT.set(out, offset + 8, (int) sum);
        sum = w3 + pad3 + (sum >>> 32);
        LE_INT.set(out, offset + 12, (int) sum);
    }
}
