package org.reservegrid.feedserver.broadcast;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One feed frame, serialised once: its JSON as a direct buffer every subscriber writes a retained duplicate of, and
 * (for subscribers that negotiated permessage-deflate) the same message deflated once. The broadcaster owns one
 * reference to each buffer and releases it when a newer frame replaces this one; writes in flight keep their own.
 *
 * @param seq the frame's {@code seq}
 * @param event the frame's {@code event} ({@code template}, {@code block}, ...)
 * @param height the template's height, for logs and metrics
 */
public final class Frame {
    private final long seq;
    private final String event;
    private final long height;
    private final ByteBuf json;
    private volatile @Nullable ByteBuf deflated;
    private final AtomicBoolean deflateClaimed = new AtomicBoolean();

    public Frame(long seq, String event, long height, byte[] json) {
        this.seq = seq;
        this.event = event;
        this.height = height;
        // Direct, so no transport copies it per subscriber (a heap buffer is copied to a direct one on each write).
        this.json = Unpooled.directBuffer(json.length).writeBytes(json);
    }

    public long seq() {
        return seq;
    }

    public String event() {
        return event;
    }

    public long height() {
        return height;
    }

    public int jsonBytes() {
        return json.readableBytes();
    }

    /** A new reference to the JSON, for one write. */
    ByteBuf jsonForWrite() {
        return json.retainedDuplicate();
    }

    /** A new reference to the deflated message, for one write, or null until it is compressed. */
    @Nullable
    ByteBuf deflatedForWrite() {
        ByteBuf current = deflated;
        return current == null ? null : current.retainedDuplicate();
    }

    public int deflatedBytes() {
        ByteBuf current = deflated;
        return current == null ? 0 : current.readableBytes();
    }

    /** True for the one caller that is to compress this frame. */
    boolean claimDeflate() {
        return deflateClaimed.compareAndSet(false, true);
    }

    /** The JSON copied out, for the compressor. */
    byte[] jsonBytesCopy() {
        byte[] copy = new byte[json.readableBytes()];
        json.getBytes(json.readerIndex(), copy);
        return copy;
    }

    void deflated(byte[] compressed) {
        deflated = Unpooled.directBuffer(compressed.length).writeBytes(compressed);
    }

    /** The JSON as a string (tests and the relay's own checks; copies the bytes). */
    public String text() {
        return json.toString(json.readerIndex(), json.readableBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Drops the broadcaster's references; writes in flight still hold theirs. */
    void release() {
        json.release();
        ByteBuf current = deflated;
        if (current != null) {
            current.release();
        }
    }
}
