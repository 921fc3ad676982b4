package org.reservegrid.sri;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.netty.codec.Sv2Pipelines;
import org.reservegrid.sv2.netty.codec.Sv2ProtocolErrorEvent;
import org.reservegrid.sv2.netty.noise.NoiseClientHandler;
import org.reservegrid.sv2.netty.noise.NoiseEvent;
import org.reservegrid.sv2.netty.noise.NoiseHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandlerSettings;

/**
 * A Java Stratum V2 initiator (the test-miner side) built from sv2-protocol's pipeline: a verifying Noise client
 * handler, the frame decoder and the message codec, with the suite's echo tap between Noise and the frame decoder.
 * The test drives it step by step: everything that arrives (messages, echo frames, Noise and codec events, the
 * close) is queued in order, and {@link #next} hands it out.
 */
final class JavaInitiator implements AutoCloseable {

    /** An echo frame as received: message type and payload bytes. */
    record EchoFrame(int messageType, byte[] payload) {}

    /** The connection closed. */
    record Closed() {}

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
    private final Channel channel;

    private JavaInitiator(int port, byte[] authorityXOnly) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(
                                        NoiseHandler.NAME,
                                        NoiseClientHandler.verifying(authorityXOnly, NoiseHandlerSettings.DEFAULTS))
                                .addLast("echo-tap", new EchoTap());
                        Sv2Pipelines.addAfterNoise(channel.pipeline(), Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
                        channel.pipeline().addLast("queue", new Queue());
                    }
                });
        this.channel = bootstrap
                .connect(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
    }

    static JavaInitiator connect(int port, byte[] authorityXOnly) {
        try {
            return new JavaInitiator(port, authorityXOnly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting", e);
        }
    }

    /** The next thing that arrived, which must be a {@code type}; anything else fails the test. */
    <T> T next(Class<T> type, Duration timeout) {
        Object item;
        try {
            item = inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (item == null) {
            throw new AssertionError(
                    "Java initiator: nothing arrived within " + timeout + ", expected " + type.getSimpleName());
        }
        if (!type.isInstance(item)) {
            throw new AssertionError("Java initiator: expected " + type.getSimpleName() + ", got " + item);
        }
        return type.cast(item);
    }

    void send(Sv2Message message) {
        channel.writeAndFlush(message).syncUninterruptibly();
    }

    void sendEcho(byte[] payload) {
        channel.writeAndFlush(EchoFrames.frame(channel.alloc(), EchoFrames.REQUEST, Unpooled.wrappedBuffer(payload)))
                .syncUninterruptibly();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class EchoTap extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf frame && EchoFrames.isEcho(Sv2FrameHeader.peek(frame, frame.readerIndex()))) {
                try {
                    Sv2FrameHeader header = Sv2FrameHeader.read(frame);
                    inbound.add(new EchoFrame(header.messageType(), ByteBufUtil.getBytes(frame)));
                } finally {
                    ReferenceCountUtil.release(frame);
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class Queue extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            inbound.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof NoiseEvent || event instanceof Sv2ProtocolErrorEvent) {
                inbound.add(event);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inbound.add(new Closed());
            ctx.fireChannelInactive();
        }
    }
}
