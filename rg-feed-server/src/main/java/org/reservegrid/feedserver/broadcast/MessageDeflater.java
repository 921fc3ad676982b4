package org.reservegrid.feedserver.broadcast;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * Compresses one message as permessage-deflate carries it (RFC 7692 section 7.2.1): raw DEFLATE, flushed with
 * SYNC_FLUSH, the final {@code 00 00 ff ff} removed. Each message starts from a fresh compressor, so it does not
 * depend on any earlier one: the same bytes are valid on every connection, whatever the peer's inflater has seen.
 */
public final class MessageDeflater {
    private static final int TAIL = 4;

    private final int level;

    public MessageDeflater(int level) {
        this.level = level;
    }

    public byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 64);
            byte[] chunk = new byte[64 * 1024];
            while (true) {
                int written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, written);
                if (written < chunk.length && deflater.needsInput()) {
                    break;
                }
            }
            byte[] all = out.toByteArray();
            return java.util.Arrays.copyOf(all, all.length - TAIL);
        } finally {
            deflater.end();
        }
    }
}
