package org.reservegrid.gateway.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.gateway.block.BlockSubmitter;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.sharelog.ShareLog;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.netty.codec.Sv2Pipelines;
import org.reservegrid.sv2.netty.noise.NoiseHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandlerSettings;
import org.reservegrid.sv2.netty.noise.NoiseServerHandler;
import org.reservegrid.sv2.noise.ResponderCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SV2 listener. Pipeline per connection, in this fixed order: {@link ConnectionLimiter} (shared), Noise NX
 * responder (handshake timeout from the settings), frame decoder and message codec (64 KiB frames), then one
 * {@link ConnectionHandler}.
 *
 * <p>Lifecycle: {@link #start} binds; {@link #close} drains: stops accepting, lets every connection acknowledge
 * its durable shares and close its channels with {@code shutdown_drain}, waits up to the drain time for the
 * connections to go, then closes what is left and stops the event loops.
 */
public final class Sv2Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sv2Server.class);

    private final ServerSettings settings;
    private final ResponderCredentials credentials;
    private final ChannelServices services;
    private final ConnectionLimiter limiter;
    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private @Nullable Channel serverChannel;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public Sv2Server(
            ServerSettings settings,
            ResponderCredentials credentials,
            ChannelRegistry registry,
            ShareLog shareLog,
            BlockSubmitter blocks,
            GatewayMetrics metrics) {
        this.settings = settings;
        this.credentials = credentials;
        byte[] salt = new byte[4];
        new SecureRandom().nextBytes(salt);
        this.services = new ChannelServices(settings, registry, shareLog, blocks, metrics, salt);
        this.limiter = new ConnectionLimiter(settings, metrics);
        metrics.gauge("rg.gateway.connections", "Open SV2 connections (past the limits)", () -> limiter.open());
        metrics.gauge("rg.gateway.channels", "Open standard channels", registry::channelCount);
        metrics.gauge(
                "rg.gateway.hashrate.hashes.per.second",
                "kind",
                "measured",
                "Sum of the channels' measured hashrates",
                registry::measuredHashrate);
        metrics.gauge(
                "rg.gateway.hashrate.hashes.per.second",
                "kind",
                "declared",
                "Sum of the channels' declared hashrates",
                registry::declaredHashrate);
    }

    public void start() throws InterruptedException {
        NoiseHandlerSettings noiseSettings = NoiseHandlerSettings.DEFAULTS
                .withHandshakeTimeout(settings.handshakeTimeout())
                .withMaxFrameLength(Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("limits", limiter);
                        channel.pipeline()
                                .addLast(NoiseHandler.NAME, new NoiseServerHandler(credentials, noiseSettings));
                        Sv2Pipelines.addAfterNoise(channel.pipeline(), Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
                        channel.pipeline().addLast("gateway", new ConnectionHandler(services));
                    }
                });
        Channel channel = bootstrap
                .bind(new InetSocketAddress(settings.bind(), settings.port()))
                .sync()
                .channel();
        serverChannel = channel;
        workerGroup.scheduleAtFixedRate(limiter::sweep, 60, 60, TimeUnit.SECONDS);
        log.info("SV2 listening on {}", channel.localAddress());
    }

    /** The bound port (useful with port 0). */
    public int port() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public ChannelRegistry registry() {
        return services.registry();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        limiter.drain();
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        ChannelRegistry registry = services.registry();
        int connections = registry.connectionCount();
        if (connections > 0) {
            log.info("draining {} connection(s) with {} channel(s)", connections, registry.channelCount());
        }
        for (ConnectionHandler connection : registry.connections()) {
            connection.drain();
        }
        long deadline = System.nanoTime() + settings.shutdownDrain().toNanos();
        while (registry.connectionCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (registry.connectionCount() > 0) {
            log.warn("{} connection(s) still open after the drain time; closing them", registry.connectionCount());
        }
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("SV2 server stopped");
    }
}
