package org.reservegrid.testminer.connection;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.netty.codec.Sv2Pipelines;
import org.reservegrid.sv2.netty.codec.Sv2ProtocolErrorEvent;
import org.reservegrid.sv2.netty.noise.NoiseClientHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandlerSettings;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeFailed;
import org.reservegrid.sv2.netty.noise.NoiseTransportFailed;

/**
 * One encrypted SV2 connection to a pool, as a queue of {@link PoolEvent}s for a single consumer thread.
 *
 * <p>Pipeline: Noise initiator (verifying the responder's certificate against the authority key), SV2 frame decoder
 * and message codec, then a handler that turns every message and connection event into a {@link PoolEvent}. The
 * handshake starts when the TCP connection is up; messages sent before it completes are queued by the Noise handler
 * and encrypted once it does. One event-loop thread of its own; {@link #close()} releases it.
 */
public final class PoolConnection implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final BlockingQueue<PoolEvent> events;
    private volatile boolean closing;

    private PoolConnection(MultiThreadIoEventLoopGroup group, Channel channel, BlockingQueue<PoolEvent> events) {
        this.group = group;
        this.channel = channel;
        this.events = events;
    }

    /**
     * Connects and starts the handshake.
     *
     * @throws IOException when the TCP connection cannot be made within {@code connectTimeout}
     */
    public static PoolConnection open(
            String host, int port, byte[] authorityXOnly, Duration connectTimeout, Duration handshakeTimeout)
            throws IOException {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        BlockingQueue<PoolEvent> events = new LinkedBlockingQueue<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        NoiseHandler.NAME,
                                        NoiseClientHandler.verifying(
                                                authorityXOnly,
                                                NoiseHandlerSettings.DEFAULTS.withHandshakeTimeout(handshakeTimeout)));
                        Sv2Pipelines.addAfterNoise(ch.pipeline(), Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
                        ch.pipeline().addLast("events", new EventForwarder(events));
                    }
                });
        ChannelFuture connect = bootstrap.connect(host, port).awaitUninterruptibly();
        if (!connect.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = connect.cause();
            throw new IOException(
                    "cannot connect to " + host + ":" + port + ": "
                            + (cause == null ? "unknown error" : String.valueOf(cause.getMessage())),
                    cause);
        }
        return new PoolConnection(group, connect.channel(), events);
    }

    /** Sends one message (queued by the Noise handler until the handshake completes). */
    public void send(Sv2Message message) {
        channel.writeAndFlush(message);
    }

    /** The next event, or null when none arrives within {@code timeout}. */
    public @Nullable PoolEvent poll(Duration timeout) throws InterruptedException {
        return events.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        closing = true;
        channel.close().awaitUninterruptibly(1_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    /** True after {@link #close()} was called: a Closed event then is our own doing. */
    public boolean isClosing() {
        return closing;
    }

    /** Turns pipeline traffic into events; never throws. */
    private static final class EventForwarder extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<PoolEvent> events;

        EventForwarder(BlockingQueue<PoolEvent> events) {
            this.events = events;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Sv2Message message) {
                events.add(new PoolEvent.Received(message));
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            switch (event) {
                case NoiseHandshakeCompleted completed ->
                    events.add(new PoolEvent.HandshakeCompleted(completed.elapsed()));
                case NoiseHandshakeFailed failed ->
                    events.add(new PoolEvent.HandshakeFailed(failed.reason().code(), failed.detail()));
                case NoiseTransportFailed failed ->
                    events.add(new PoolEvent.ProtocolFailure(failed.reason().code(), failed.detail()));
                case Sv2ProtocolErrorEvent error ->
                    events.add(new PoolEvent.ProtocolFailure(error.reason().code(), error.detail()));
                default -> ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            events.add(new PoolEvent.Closed("connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.add(new PoolEvent.ProtocolFailure(
                    cause instanceof IOException ? "io_error" : "client_error",
                    cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            ctx.close();
        }
    }
}
