package org.reservegrid.sv2.netty.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseProtocol;
import org.reservegrid.sv2.noise.NoiseSession;

/**
 * Runs the Noise NX handshake on the raw byte stream, then decrypts inbound frames into plaintext SV2 frames and
 * encrypts outbound plaintext frames.
 *
 * <p>Lifecycle: when the channel is active the handshake timer starts (and an initiator sends act 1). Outbound frames
 * written during the handshake are queued and encrypted, in order, once it completes; then
 * {@link NoiseHandshakeCompleted} is fired. A failure (bad act 2, timeout, peer closing early) fires
 * {@link NoiseHandshakeFailed}; after the handshake, a frame over the size limit or failing authentication fires
 * {@link NoiseTransportFailed}. Every failure records the reason under {@link #CLOSE_REASON}, closes the channel and
 * drops further input. Peer input never makes this handler throw; the crypto runs on the event loop (about a
 * millisecond per handshake) and never blocks.
 *
 * <p>Not sharable: one instance per channel.
 */
public abstract sealed class NoiseHandler extends ByteToMessageDecoder implements ChannelOutboundHandler
        permits NoiseServerHandler, NoiseClientHandler {

    /** Recommended pipeline name. */
    public static final String NAME = "sv2-noise";

    /** The reason this handler closed the channel, if it did. */
    public static final AttributeKey<GatewayReason> CLOSE_REASON =
            AttributeKey.valueOf(NoiseHandler.class, "closeReason");

    private enum State {
        NOT_STARTED,
        HANDSHAKE,
        TRANSPORT,
        FAILED
    }

    private record PendingWrite(ByteBuf frames, ChannelPromise promise) {}

    private final NoiseHandlerSettings settings;
    private final NoiseRole role;
    private final ArrayDeque<PendingWrite> pendingWrites = new ArrayDeque<>();

    private State state = State.NOT_STARTED;
    private @Nullable NoiseSession session;
    private @Nullable ScheduledFuture<?> handshakeTimer;
    private long handshakeStartNanos;
    private boolean flushRequested;

    /** Header of the frame whose payload is still arriving; its nonce is already spent. */
    private byte @Nullable [] pendingHeader;

    private int pendingPayloadLength;

    NoiseHandler(NoiseRole role, NoiseHandlerSettings settings) {
        this.role = role;
        this.settings = settings;
    }

    /** Bytes of the one handshake message this side receives: 64 (responder) or 234 (initiator). */
    abstract int handshakeMessageLength();

    /** Called once when the connection is active; the initiator sends act 1 here. */
    abstract void startHandshake(ChannelHandlerContext ctx) throws NoiseException;

    /** Handles the received handshake message; may write a reply; returns the transport session. */
    abstract NoiseSession finishHandshake(ChannelHandlerContext ctx, byte[] message) throws NoiseException;

    /** This handler's role. */
    public final NoiseRole role() {
        return role;
    }

    /** True once the handshake has completed and the channel has not failed since. */
    public final boolean isHandshakeComplete() {
        return state == State.TRANSPORT;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state == State.NOT_STARTED || state == State.HANDSHAKE) {
            fail(ctx, GatewayReason.NOISE_HANDSHAKE_FAILED, "connection closed during the handshake");
        }
        cancelTimer();
        failPendingWrites(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
        failPendingWrites(new ClosedChannelException());
    }

    private void start(ChannelHandlerContext ctx) {
        if (state != State.NOT_STARTED) {
            return;
        }
        state = State.HANDSHAKE;
        handshakeStartNanos = System.nanoTime();
        Duration timeout = settings.handshakeTimeout();
        handshakeTimer = ctx.executor()
                .schedule(
                        () -> fail(
                                ctx,
                                GatewayReason.NOISE_HANDSHAKE_TIMEOUT,
                                "handshake not completed within " + timeout.toMillis() + " ms"),
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
        try {
            startHandshake(ctx);
        } catch (NoiseException e) {
            fail(ctx, e.reason(), e.detail());
        } catch (RuntimeException e) {
            fail(
                    ctx,
                    GatewayReason.NOISE_HANDSHAKE_FAILED,
                    "handshake could not start: " + e.getClass().getSimpleName());
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (state) {
                case NOT_STARTED, HANDSHAKE -> {
                    if (readHandshake(ctx, in)) {
                        decodeFrames(ctx, in, out);
                    }
                }
                case TRANSPORT -> decodeFrames(ctx, in, out);
                case FAILED -> in.skipBytes(in.readableBytes());
            }
        } catch (NoiseException e) {
            in.skipBytes(in.readableBytes());
            deliver(ctx, out);
            fail(ctx, e.reason(), e.detail());
        } catch (RuntimeException e) {
            in.skipBytes(in.readableBytes());
            deliver(ctx, out);
            fail(
                    ctx,
                    state == State.TRANSPORT ? GatewayReason.FRAME_DECODE_ERROR : GatewayReason.NOISE_HANDSHAKE_FAILED,
                    "unexpected " + e.getClass().getSimpleName());
        }
    }

    /** Frames decoded before a failure go up before the failure event. */
    private static void deliver(ChannelHandlerContext ctx, List<Object> out) {
        for (Object frame : out) {
            ctx.fireChannelRead(frame);
        }
        out.clear();
    }

    /** Returns true once the handshake is complete. */
    private boolean readHandshake(ChannelHandlerContext ctx, ByteBuf in) throws NoiseException {
        if (state == State.NOT_STARTED) {
            start(ctx);
            if (state != State.HANDSHAKE) {
                return false;
            }
        }
        int length = handshakeMessageLength();
        if (in.readableBytes() < length) {
            return false;
        }
        byte[] message = new byte[length];
        in.readBytes(message);
        NoiseSession established = finishHandshake(ctx, message);
        complete(ctx, established);
        return state == State.TRANSPORT;
    }

    private void complete(ChannelHandlerContext ctx, NoiseSession established) {
        cancelTimer();
        session = established;
        state = State.TRANSPORT;
        while (!pendingWrites.isEmpty()) {
            PendingWrite pending = pendingWrites.poll();
            encryptAndWrite(ctx, pending.frames(), pending.promise());
        }
        if (flushRequested) {
            flushRequested = false;
            ctx.flush();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - handshakeStartNanos);
        ctx.fireUserEventTriggered(new NoiseHandshakeCompleted(role, elapsed));
    }

    private void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws NoiseException {
        NoiseSession transport = session;
        if (transport == null) {
            return;
        }
        while (state == State.TRANSPORT) {
            byte[] header = pendingHeader;
            if (header == null) {
                if (in.readableBytes() < NoiseProtocol.ENCRYPTED_HEADER_LENGTH) {
                    return;
                }
                byte[] sealedHeader = new byte[NoiseProtocol.ENCRYPTED_HEADER_LENGTH];
                in.readBytes(sealedHeader);
                header = new byte[NoiseProtocol.FRAME_HEADER_LENGTH];
                int payloadLength = transport.decryptHeader(sealedHeader, 0, header, 0);
                if (payloadLength > settings.maxFrameLength()) {
                    throw new NoiseException(
                            GatewayReason.FRAME_TOO_LARGE,
                            "frame payload of " + payloadLength + " bytes exceeds the limit of "
                                    + settings.maxFrameLength());
                }
                pendingHeader = header;
                pendingPayloadLength = payloadLength;
            }
            int sealedLength = NoiseSession.encryptedPayloadLength(pendingPayloadLength);
            if (in.readableBytes() < sealedLength) {
                return;
            }
            byte[] sealedPayload = new byte[sealedLength];
            in.readBytes(sealedPayload);
            byte[] frame = new byte[NoiseProtocol.FRAME_HEADER_LENGTH + pendingPayloadLength];
            System.arraycopy(header, 0, frame, 0, NoiseProtocol.FRAME_HEADER_LENGTH);
            transport.decryptPayload(sealedPayload, 0, pendingPayloadLength, frame, NoiseProtocol.FRAME_HEADER_LENGTH);
            pendingHeader = null;
            out.add(Unpooled.wrappedBuffer(frame));
        }
    }

    private void fail(ChannelHandlerContext ctx, GatewayReason reason, String detail) {
        if (state == State.FAILED) {
            return;
        }
        boolean duringHandshake = state != State.TRANSPORT;
        state = State.FAILED;
        cancelTimer();
        ctx.channel().attr(CLOSE_REASON).setIfAbsent(reason);
        failPendingWrites(new NoiseException(reason, detail));
        ctx.fireUserEventTriggered(
                duringHandshake ? new NoiseHandshakeFailed(reason, detail) : new NoiseTransportFailed(reason, detail));
        ctx.close();
    }

    private void cancelTimer() {
        ScheduledFuture<?> timer = handshakeTimer;
        if (timer != null) {
            timer.cancel(false);
            handshakeTimer = null;
        }
    }

    private void failPendingWrites(Throwable cause) {
        while (!pendingWrites.isEmpty()) {
            PendingWrite pending = pendingWrites.poll();
            ReferenceCountUtil.safeRelease(pending.frames());
            pending.promise().tryFailure(cause);
        }
    }

    // Outbound.

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf frames)) {
            ReferenceCountUtil.safeRelease(msg);
            promise.tryFailure(new IllegalArgumentException("NoiseHandler writes plaintext SV2 frames as ByteBuf, got "
                    + msg.getClass().getName()));
            return;
        }
        switch (state) {
            case NOT_STARTED, HANDSHAKE -> pendingWrites.add(new PendingWrite(frames, promise));
            case TRANSPORT -> encryptAndWrite(ctx, frames, promise);
            case FAILED -> {
                ReferenceCountUtil.safeRelease(frames);
                promise.tryFailure(new ClosedChannelException());
            }
        }
    }

    /**
     * Encrypts every frame in {@code frames} into one buffer. The frames are validated first, so an invalid write
     * fails its promise without spending nonces.
     */
    private void encryptAndWrite(ChannelHandlerContext ctx, ByteBuf frames, ChannelPromise promise) {
        NoiseSession transport = session;
        byte[] plaintext;
        try {
            plaintext = new byte[frames.readableBytes()];
            frames.getBytes(frames.readerIndex(), plaintext);
        } finally {
            ReferenceCountUtil.safeRelease(frames);
        }
        if (transport == null) {
            promise.tryFailure(new IllegalStateException("no Noise session"));
            return;
        }
        int encryptedLength = 0;
        int offset = 0;
        while (offset < plaintext.length) {
            if (plaintext.length - offset < NoiseProtocol.FRAME_HEADER_LENGTH) {
                promise.tryFailure(new IllegalArgumentException("outbound buffer ends inside a frame header"));
                return;
            }
            int payloadLength = NoiseSession.payloadLength(plaintext, offset);
            if (plaintext.length - offset - NoiseProtocol.FRAME_HEADER_LENGTH < payloadLength) {
                promise.tryFailure(new IllegalArgumentException("outbound buffer ends inside a frame payload"));
                return;
            }
            encryptedLength += NoiseSession.encryptedFrameLength(payloadLength);
            offset += NoiseProtocol.FRAME_HEADER_LENGTH + payloadLength;
        }
        ByteBuf encrypted = ctx.alloc().buffer(encryptedLength);
        try {
            offset = 0;
            while (offset < plaintext.length) {
                int frameLength = NoiseProtocol.FRAME_HEADER_LENGTH + NoiseSession.payloadLength(plaintext, offset);
                encrypted.writeBytes(transport.encryptFrame(plaintext, offset, frameLength));
                offset += frameLength;
            }
        } catch (NoiseException | RuntimeException e) {
            encrypted.release();
            promise.tryFailure(e);
            return;
        }
        ctx.write(encrypted, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (state == State.NOT_STARTED || state == State.HANDSHAKE) {
            flushRequested = true;
        } else {
            ctx.flush();
        }
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(
            ChannelHandlerContext ctx,
            SocketAddress remoteAddress,
            @Nullable SocketAddress localAddress,
            ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        failPendingWrites(new ClosedChannelException());
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }
}
