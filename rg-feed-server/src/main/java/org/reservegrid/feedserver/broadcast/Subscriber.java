package org.reservegrid.feedserver.broadcast;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket subscriber: its Netty channel, whether it negotiated permessage-deflate, and the bytes written to
 * it that the socket has not taken yet. Frames are written straight to the channel from the broadcasting thread
 * (Netty runs each write on the channel's event loop, in order), so a slow subscriber only holds references to
 * shared buffers and never delays another.
 */
public final class Subscriber {
    /** How long a dropped subscriber gets to read its close frame before the connection is cut. */
    private static final long CLOSE_GRACE_MILLIS = 5_000;

    private final Channel channel;
    private final String address;
    private final boolean deflate;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();

    public Subscriber(Channel channel, String address) {
        this.channel = channel;
        this.address = address;
        this.deflate = negotiatedDeflate(channel);
    }

    /** Netty adds an extension encoder to the pipeline only when the handshake agreed on one (permessage-deflate). */
    private static boolean negotiatedDeflate(Channel channel) {
        for (Map.Entry<String, io.netty.channel.ChannelHandler> handler : channel.pipeline()) {
            if (handler.getValue() instanceof WebSocketExtensionEncoder) {
                return true;
            }
        }
        return false;
    }

    public String address() {
        return address;
    }

    public boolean deflate() {
        return deflate;
    }

    long pendingBytes() {
        return pendingBytes.get();
    }

    boolean closing() {
        return closing.get();
    }

    /**
     * Queues the frame unless the bytes still unwritten plus this frame would exceed {@code limit}; false means the
     * subscriber is slow. A subscriber with nothing pending always gets the frame, even one larger than the limit.
     */
    boolean offer(ByteBuf payload, boolean compressed, long limit, Runnable onWritten) {
        int size = payload.readableBytes();
        long pending = pendingBytes.addAndGet(size);
        if (pending > limit && pending > size) {
            pendingBytes.addAndGet(-size);
            payload.release();
            return false;
        }
        // Already compressed: RSV1 set, so Netty's deflate encoder passes it through untouched.
        TextWebSocketFrame frame = new TextWebSocketFrame(true, compressed ? WebSocketExtension.RSV1 : 0, payload);
        channel.writeAndFlush(frame).addListener(future -> {
            pendingBytes.addAndGet(-size);
            if (future.isSuccess()) {
                onWritten.run();
            }
        });
        return true;
    }

    /** Sends a close frame with the reason, then cuts the connection if the peer has not closed it in time. */
    void close(int status, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(status, reason));
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
