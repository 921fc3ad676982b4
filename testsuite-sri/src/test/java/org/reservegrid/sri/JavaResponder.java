package org.reservegrid.sri;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionError;
import org.reservegrid.sv2.message.SetupConnectionErrorCode;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.Sv2Protocol;
import org.reservegrid.sv2.netty.codec.Sv2Pipelines;
import org.reservegrid.sv2.netty.codec.Sv2ProtocolErrorEvent;
import org.reservegrid.sv2.netty.noise.NoiseEvent;
import org.reservegrid.sv2.netty.noise.NoiseHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandlerSettings;
import org.reservegrid.sv2.netty.noise.NoiseServerHandler;
import org.reservegrid.sv2.noise.ResponderCredentials;

/**
 * A Java Stratum V2 responder on a random loopback port, built from sv2-protocol's pipeline (Noise server handler,
 * frame decoder, message codec) plus the suite's echo responder between Noise and the frame decoder. It answers
 * SetupConnection as a pool would (Success for the mining protocol when version 2 is in range, else Error with the
 * reference code) and records everything it saw for the test to assert on.
 */
final class JavaResponder implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;
    private final List<SetupConnection> setups = new CopyOnWriteArrayList<>();
    private final List<Integer> echoedSizes = new CopyOnWriteArrayList<>();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final List<Object> unexpected = new CopyOnWriteArrayList<>();
    private final Semaphore closedConnections = new Semaphore(0);

    private JavaResponder(ResponderCredentials credentials) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(
                                        NoiseHandler.NAME,
                                        new NoiseServerHandler(credentials, NoiseHandlerSettings.DEFAULTS))
                                .addLast("echo-responder", new EchoResponder());
                        Sv2Pipelines.addAfterNoise(channel.pipeline(), Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
                        channel.pipeline().addLast("setup-responder", new SetupResponder());
                        channel.closeFuture().addListener(closed -> closedConnections.release());
                    }
                });
        this.serverChannel =
                bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    static JavaResponder start(ResponderCredentials credentials) {
        try {
            return new JavaResponder(credentials);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    List<SetupConnection> setups() {
        return List.copyOf(setups);
    }

    List<Integer> echoedSizes() {
        return List.copyOf(echoedSizes);
    }

    /** Noise and codec user events (handshake completed or failed, protocol errors), in arrival order. */
    List<Object> events() {
        return List.copyOf(events);
    }

    /** Messages the responder had no business receiving; empty in every passing run. */
    List<Object> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Waits until {@code count} accepted connections have closed. */
    void awaitClosedConnections(int count, Duration timeout) {
        try {
            if (!closedConnections.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Java responder: " + count + " connection(s) did not close within " + timeout
                        + "; events " + events);
            }
            closedConnections.release(count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers echo requests before the frame decoder, which rightly rejects extension types it does not know. */
    private final class EchoResponder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf frame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            Sv2FrameHeader header = Sv2FrameHeader.peek(frame, frame.readerIndex());
            if (!EchoFrames.isEcho(header)) {
                ctx.fireChannelRead(frame);
                return;
            }
            try {
                if (header.messageType() != EchoFrames.REQUEST) {
                    unexpected.add(header);
                    ctx.close();
                    return;
                }
                ByteBuf payload = frame.slice(frame.readerIndex() + Sv2FrameHeader.LENGTH, header.messageLength());
                echoedSizes.add(header.messageLength());
                ctx.writeAndFlush(EchoFrames.frame(ctx.alloc(), EchoFrames.REPLY, payload));
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    private final class SetupResponder extends SimpleChannelInboundHandler<Sv2Message> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Sv2Message message) {
            if (!(message instanceof SetupConnection setup)) {
                unexpected.add(message);
                ctx.close();
                return;
            }
            setups.add(setup);
            ctx.writeAndFlush(answer(setup));
        }

        private static Sv2Message answer(SetupConnection setup) {
            if (Sv2Protocol.find(setup.protocol()).orElse(null) != Sv2Protocol.MINING) {
                return refusal(SetupConnectionErrorCode.UNSUPPORTED_PROTOCOL);
            }
            if (!Sv2Protocol.versionRangeIncludesCurrent(setup.minVersion(), setup.maxVersion())) {
                return refusal(SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH);
            }
            return new SetupConnectionSuccess(Sv2Protocol.VERSION, 0);
        }

        private static SetupConnectionError refusal(SetupConnectionErrorCode code) {
            return new SetupConnectionError(0, Str0255.of(code.code()));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof NoiseEvent || event instanceof Sv2ProtocolErrorEvent) {
                events.add(event);
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
