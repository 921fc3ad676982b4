package org.reservegrid.gateway.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.mining.BlockHeader;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.sv2.netty.codec.Sv2Pipelines;
import org.reservegrid.sv2.netty.noise.NoiseClientHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandlerSettings;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted;

/**
 * A Java SV2 miner for tests: sv2-protocol's Noise initiator (checking the gateway's certificate against the
 * authority key) and codecs over a real TCP connection, with every message received queued in order.
 */
public final class TestMiner implements AutoCloseable {
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final BlockingQueue<Sv2Message> received = new LinkedBlockingQueue<>();
    private final CountDownLatch handshake = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Channel channel;

    public TestMiner(int port, byte[] authorityXOnly) {
        channel = new Bootstrap()
                .group(GROUP)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        NoiseHandler.NAME,
                                        NoiseClientHandler.verifying(authorityXOnly, NoiseHandlerSettings.DEFAULTS));
                        Sv2Pipelines.addAfterNoise(ch.pipeline(), Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
                        ch.pipeline().addLast(new Inbox());
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port))
                .syncUninterruptibly()
                .channel();
    }

    private final class Inbox extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Sv2Message message) {
                received.add(message);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof NoiseHandshakeCompleted) {
                handshake.countDown();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.countDown();
        }
    }

    public boolean awaitHandshake(long seconds) throws InterruptedException {
        return handshake.await(seconds, TimeUnit.SECONDS);
    }

    public void send(Sv2Message message) {
        channel.writeAndFlush(message).syncUninterruptibly();
    }

    /** The next message within {@code seconds}, or null. */
    public @Nullable Sv2Message next(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    /** The next message, which must be a {@code type}. */
    public <T extends Sv2Message> T expect(Class<T> type) throws InterruptedException {
        Sv2Message message = next(10);
        if (message == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
        }
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + message);
        }
        return type.cast(message);
    }

    /** Skips messages until one of {@code type} arrives (within 10 s). */
    public <T extends Sv2Message> T skipTo(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Sv2Message message = next(1);
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }

    public boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    /** A nonce whose header hash meets (or, with {@code meets} false, misses) {@code target}. */
    public static long grind(
            NewMiningJob job, SetNewPrevHash tip, long ntime, long version, U256 target, boolean meets) {
        for (long nonce = 0; nonce <= 0xffff_ffffL; nonce++) {
            U256 hash = new BlockHeader(version, tip.prevHash(), job.merkleRoot(), ntime, tip.nbits(), nonce).hash();
            if (Targets.meets(hash, target) == meets) {
                return nonce;
            }
        }
        throw new AssertionError("no nonce found");
    }

    public static SubmitSharesStandard share(
            long channelId, long sequence, NewMiningJob job, long nonce, long ntime, long version) {
        return new SubmitSharesStandard(channelId, sequence, job.jobId(), nonce, ntime, version);
    }
}
