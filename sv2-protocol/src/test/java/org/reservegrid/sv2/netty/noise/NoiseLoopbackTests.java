package org.reservegrid.sv2.netty.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.noise.ResponderCredentials;

/** Server and client handlers over a real loopback TCP connection. */
class NoiseLoopbackTests {

    /** Generous bound for a loaded machine; nothing here asserts how long anything takes. */
    private static final long WAIT_SECONDS = 30;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AUTHORITY_SECRET = Secp256k1.generateSecretKey(RANDOM);
    private static final byte[] AUTHORITY = Secp256k1.xOnlyPublicKey(AUTHORITY_SECRET);
    private static final ResponderCredentials CREDENTIALS =
            ResponderCredentials.issue(AUTHORITY_SECRET, Instant.now().minusSeconds(60), Duration.ofHours(1), RANDOM);

    private static EventLoopGroup group;

    /** Everything a peer saw: Noise events, plaintext frames, and the close. */
    static final class Peer extends ChannelInboundHandlerAdapter {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<GatewayReason> closes = new LinkedBlockingQueue<>();
        private final boolean echo;

        Peer(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof NoiseEvent) {
                events.add(event);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            if (echo) {
                frames.add(ByteBufUtil.getBytes(frame));
                ctx.writeAndFlush(frame);
            } else {
                frames.add(TestFrames.bytesOf(frame));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            GatewayReason reason = ctx.channel().attr(NoiseHandler.CLOSE_REASON).get();
            closes.add(reason == null ? GatewayReason.SHUTDOWN_DRAIN : reason);
        }

        <T> T nextEvent(Class<T> type) throws InterruptedException {
            Object event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(event).isInstanceOf(type);
            return type.cast(event);
        }

        byte[] nextFrame() throws InterruptedException {
            byte[] frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(frame).as("frame received").isNotNull();
            return frame;
        }
    }

    /** Flips one ciphertext byte of every outbound write once armed; sits between the socket and the Noise handler. */
    static final class Tamperer extends ChannelDuplexHandler {
        final AtomicBoolean armed = new AtomicBoolean();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (armed.get() && msg instanceof ByteBuf buffer && buffer.readableBytes() > 30) {
                int index = buffer.readerIndex() + 30;
                buffer.setByte(index, buffer.getByte(index) ^ 0x01);
            }
            ctx.write(msg, promise);
        }
    }

    private Channel serverChannel;
    private Channel clientChannel;
    private final Peer server = new Peer(true);
    private final Peer client = new Peer(false);

    @BeforeAll
    static void startEventLoop() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopEventLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeChannels() {
        if (clientChannel != null) {
            clientChannel.close().syncUninterruptibly();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    private void startServer(Supplier<ChannelHandler> noise) {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(NoiseHandler.NAME, noise.get()).addLast(server);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    private void startServer(NoiseHandlerSettings settings) {
        startServer(() -> new NoiseServerHandler(CREDENTIALS, settings));
    }

    private void connect(ChannelHandler... handlers) {
        clientChannel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handlers).addLast(client);
                    }
                })
                .connect(serverChannel.localAddress())
                .syncUninterruptibly()
                .channel();
    }

    @Test
    void framesOfEverySizeCrossTheEncryptedConnectionBothWays() throws InterruptedException {
        startServer(NoiseHandlerSettings.DEFAULTS);
        connect(NoiseClientHandler.verifying(AUTHORITY, NoiseHandlerSettings.DEFAULTS));
        // Written before the handshake completes: queued, then encrypted in order.
        byte[] early = TestFrames.frame(0x00, 30);
        clientChannel.writeAndFlush(TestFrames.buffer(early));

        assertThat(client.nextEvent(NoiseHandshakeCompleted.class).role()).isEqualTo(NoiseRole.INITIATOR);
        assertThat(server.nextEvent(NoiseHandshakeCompleted.class).role()).isEqualTo(NoiseRole.RESPONDER);
        assertThat(server.nextFrame()).isEqualTo(early);
        assertThat(client.nextFrame()).isEqualTo(early);

        for (int size : new int[] {0, 1, 64, 65_519, 65_520, 65_535, 70_000, 200_000, 1_000_000}) {
            byte[] frame = TestFrames.frame(0x1a, size);
            clientChannel.writeAndFlush(TestFrames.buffer(frame));
            assertThat(server.nextFrame())
                    .as("server got %d-byte payload", size)
                    .isEqualTo(frame);
            assertThat(client.nextFrame()).as("echo of %d-byte payload", size).isEqualTo(frame);
        }
        assertThat(clientChannel.isActive()).isTrue();
    }

    @Test
    void aTamperedFrameClosesTheConnectionWithFrameDecodeError() throws InterruptedException {
        startServer(NoiseHandlerSettings.DEFAULTS);
        Tamperer tamperer = new Tamperer();
        connect(tamperer, NoiseClientHandler.verifying(AUTHORITY, NoiseHandlerSettings.DEFAULTS));
        client.nextEvent(NoiseHandshakeCompleted.class);
        server.nextEvent(NoiseHandshakeCompleted.class);

        tamperer.armed.set(true);
        clientChannel.writeAndFlush(TestFrames.buffer(TestFrames.frame(0x1a, 100)));

        NoiseTransportFailed failed = server.nextEvent(NoiseTransportFailed.class);
        assertThat(failed.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
        assertThat(server.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
        assertThat(client.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(server.frames).isEmpty();
    }

    @Test
    void aWrongAuthorityKeyFailsTheHandshakeOnTheClient() throws InterruptedException {
        startServer(NoiseHandlerSettings.DEFAULTS);
        byte[] otherAuthority = Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(RANDOM));
        connect(NoiseClientHandler.verifying(otherAuthority, NoiseHandlerSettings.DEFAULTS));

        NoiseHandshakeFailed failed = client.nextEvent(NoiseHandshakeFailed.class);
        assertThat(failed.reason()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
        assertThat(failed.detail()).contains("authority");
        assertThat(client.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
        assertThat(server.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aSilentClientTimesOutWithItsReason() throws InterruptedException {
        startServer(NoiseHandlerSettings.DEFAULTS.withHandshakeTimeout(Duration.ofMillis(300)));
        connect(new ChannelInboundHandlerAdapter());

        NoiseHandshakeFailed failed = server.nextEvent(NoiseHandshakeFailed.class);
        assertThat(failed.reason()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_TIMEOUT);
        // The configured 300 ms, not the default, ended it (the wait above only bounds a failing run).
        assertThat(failed.detail()).isEqualTo("handshake not completed within 300 ms");
        assertThat(server.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(GatewayReason.NOISE_HANDSHAKE_TIMEOUT);
        assertThat(client.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aSilentServerTimesOutTheClient() throws InterruptedException {
        startServer(ChannelInboundHandlerAdapter::new);
        connect(NoiseClientHandler.verifying(
                AUTHORITY, NoiseHandlerSettings.DEFAULTS.withHandshakeTimeout(Duration.ofMillis(300))));

        NoiseHandshakeFailed failed = client.nextEvent(NoiseHandshakeFailed.class);
        assertThat(failed.reason()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_TIMEOUT);
        assertThat(failed.detail()).isEqualTo("handshake not completed within 300 ms");
        assertThat(client.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(GatewayReason.NOISE_HANDSHAKE_TIMEOUT);
    }

    @Test
    void aFrameOverTheConfiguredCapClosesWithFrameTooLarge() throws InterruptedException {
        startServer(NoiseHandlerSettings.DEFAULTS.withMaxFrameLength(65_536));
        connect(NoiseClientHandler.verifying(AUTHORITY, NoiseHandlerSettings.DEFAULTS));
        client.nextEvent(NoiseHandshakeCompleted.class);
        server.nextEvent(NoiseHandshakeCompleted.class);

        clientChannel.writeAndFlush(TestFrames.buffer(TestFrames.frame(0x1a, 65_537)));

        assertThat(server.nextEvent(NoiseTransportFailed.class).reason()).isEqualTo(GatewayReason.FRAME_TOO_LARGE);
        assertThat(server.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(GatewayReason.FRAME_TOO_LARGE);
        assertThat(server.frames).isEmpty();
    }
}
