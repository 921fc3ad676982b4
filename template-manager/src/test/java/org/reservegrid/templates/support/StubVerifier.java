package org.reservegrid.templates.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.frame.VerifierFrameDecoder;
import org.reservegrid.protocol.frame.VerifierFrameEncoder;
import org.reservegrid.protocol.frame.VerifierFrames;
import org.reservegrid.protocol.message.ProtocolError;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.protocol.message.VerifierMessage;

/**
 * A verifier TCP server built from rg-protocol's codecs: it records every TemplatePropose and answers according to
 * its {@link Mode}. It can be stopped (closing all connections) and restarted on the same port.
 */
public final class StubVerifier implements AutoCloseable {
    public enum Mode {
        ACCEPT,
        REJECT,
        /** Never answers, so the client's verdict timeout fires. */
        SILENT,
        /** Answers with a ProtocolError naming the request, then closes the connection. */
        PROTOCOL_ERROR
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final BlockingQueue<TemplatePropose> received = new LinkedBlockingQueue<>();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile List<VerdictReason> rejectReasons = List.of(VerdictReason.AVG_FEE_BELOW_MINIMUM);
    private @Nullable Channel server;
    private int port;

    /** Starts listening (on the previous port after a stop); does nothing when already listening. */
    public synchronized StubVerifier start() {
        if (server != null) {
            return this;
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // Restarting on the same port must not trip over the previous connections' TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new VerifierFrameDecoder(VerifierFrames.DEFAULT_MAX_FRAME_BYTES))
                                .addLast(new VerifierFrameEncoder())
                                .addLast(new Answerer());
                    }
                });
        // Until the client has closed its end, the old connections' sockets (FIN_WAIT) still hold the port.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ChannelFuture bound = bootstrap
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .awaitUninterruptibly();
            if (bound.isSuccess()) {
                server = bound.channel();
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot listen on port " + port, bound.cause());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        port = ((InetSocketAddress) server.localAddress()).getPort();
        return this;
    }

    /** Closes the listening socket and every open connection. */
    public synchronized void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        connections.close().syncUninterruptibly();
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public void mode(Mode newMode) {
        mode = newMode;
    }

    public void rejectWith(List<VerdictReason> reasons) {
        rejectReasons = List.copyOf(reasons);
        mode = Mode.REJECT;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** The next proposal received, waiting up to {@code seconds}; null if none arrived. */
    public @Nullable TemplatePropose nextProposal(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    public void clearProposals() {
        received.clear();
    }

    static VerdictContext context(TemplatePropose propose) {
        long txCount = propose.transactions().size();
        long fees = propose.transactions().totalFees();
        return new VerdictContext(
                FeeTier.MID,
                42,
                new VerdictContext.Thresholds(2000, 0, 10_000, 0.999, 30, 80_000, 20_000),
                new VerdictContext.Measured(
                        txCount,
                        fees,
                        txCount == 0 ? 0 : (double) fees / txCount,
                        propose.transactions().totalWeight(),
                        propose.transactions().totalWeight() / 4_000_000.0,
                        propose.transactions().totalSigops() + propose.coinbaseSigops(),
                        propose.coinbaseSigops(),
                        1),
                1,
                "stub-policy",
                17);
    }

    private final class Answerer extends SimpleChannelInboundHandler<VerifierMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, VerifierMessage message) {
            if (!(message instanceof TemplatePropose propose)) {
                return;
            }
            // Read before recording: a test that reacts to the recording may change the mode for later proposals.
            Mode current = mode;
            received.add(propose);
            switch (current) {
                case ACCEPT -> ctx.writeAndFlush(TemplateVerdict.accept(propose.requestId(), context(propose)));
                case REJECT ->
                    ctx.writeAndFlush(TemplateVerdict.reject(propose.requestId(), rejectReasons, context(propose)));
                case SILENT -> {}
                case PROTOCOL_ERROR ->
                    ctx.writeAndFlush(new ProtocolError(
                                    propose.requestId(), GatewayReason.FRAME_DECODE_ERROR, "stub refuses this one"))
                            .addListener(future -> ctx.close());
            }
        }
    }

    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
