package org.reservegrid.feedadapter.rpc;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.reservegrid.bitcoin.BlockHeader;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.bitcoin.DoubleSha256;

/** Compact-target arithmetic as bitcoind reports it, and the header fields a submitted block is logged with. */
final class BlockHeaders {
    private static final HexFormat HEX = HexFormat.of();

    private BlockHeaders() {}

    /** bitcoind's GetDifficulty: the difficulty-1 target divided by the target that {@code bits} encodes. */
    static double difficulty(String bits) {
        long compact = Long.parseLong(bits, 16);
        int shift = (int) (compact >>> 24) & 0xff;
        double difficulty = (double) 0x0000ffff / (double) (compact & 0x00ffffff);
        while (shift < 29) {
            difficulty *= 256.0;
            shift++;
        }
        while (shift > 29) {
            difficulty /= 256.0;
            shift--;
        }
        return difficulty;
    }

    /** The 64-hex-digit target that compact {@code bits} encode. */
    static String target(String bits) {
        long compact = Long.parseLong(bits, 16);
        int exponent = (int) (compact >>> 24);
        long mantissa = compact & 0x007fffff;
        byte[] target = new byte[32];
        for (int i = 0; i < 3; i++) {
            int position = 32 - exponent + i;
            if (position >= 0 && position < 32) {
                target[position] = (byte) (mantissa >>> (8 * (2 - i)));
            }
        }
        return HEX.formatHex(target);
    }

    /** Display-order hash of the block's 80-byte header. */
    static String hash(byte[] block) {
        return DisplayHex.format(DoubleSha256.hash(block, 0, BlockHeader.LENGTH));
    }

    /** Display-order previous block hash from the header. */
    static String previousHash(byte[] block) {
        return DisplayHex.format(BlockHeader.read(ByteBuffer.wrap(block)).previousBlockHash());
    }
}
