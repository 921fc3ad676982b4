package org.reservegrid.verifier.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.frame.VerifierFrameDecoder;
import org.reservegrid.protocol.frame.VerifierFrameEncoder;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.evaluation.TemplateJudge;
import org.reservegrid.verifier.history.VerdictHistory;
import org.reservegrid.verifier.metrics.VerifierMetrics;
import org.reservegrid.verifier.tls.ServerTls;
import org.reservegrid.verifier.whatif.RecentJudgments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The verifier's TCP port ({@code VELDRA_VERIFIER_TCP_PORT}). Pipeline, in this fixed order: TLS (when
 * {@code VELDRA_TLS_MODE} is not off), {@link VerifierFrameDecoder} (bounded by
 * {@code VELDRA_VERIFIER_MAX_FRAME_BYTES}), {@link VerifierFrameEncoder}, {@link VerifierChannelHandler}.
 *
 * <p>Lifecycle: binds when the application context starts and fails start-up if the port cannot be bound; stops
 * before the history is flushed, so every verdict sent is also recorded.
 */
@Component
public class TcpServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TcpServer.class);
    private static final VerifierFrameEncoder ENCODER = new VerifierFrameEncoder();

    private final VerifierSettings settings;
    private final ServerTls tls;
    private final TemplateJudge judge;
    private final VerdictHistory history;
    private final RecentJudgments recent;
    private final VerifierMetrics metrics;
    private @Nullable EventLoopGroup bossGroup;
    private @Nullable EventLoopGroup workerGroup;
    private @Nullable Channel serverChannel;

    public TcpServer(
            VerifierSettings settings,
            ServerTls tls,
            TemplateJudge judge,
            VerdictHistory history,
            RecentJudgments recent,
            VerifierMetrics metrics) {
        this.settings = settings;
        this.tls = tls;
        this.judge = judge;
        this.history = history;
        this.recent = recent;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (serverChannel != null) {
            return;
        }
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        SslContext sslContext = tls.sslContext();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (sslContext != null) {
                            pipeline.addLast("tls", sslContext.newHandler(channel.alloc()));
                        }
                        pipeline.addLast("frame-decoder", new VerifierFrameDecoder(settings.maxFrameBytes()));
                        pipeline.addLast("frame-encoder", ENCODER);
                        pipeline.addLast("verifier", new VerifierChannelHandler(judge, history, recent, metrics));
                    }
                });
        try {
            serverChannel = bootstrap
                    .bind(new InetSocketAddress(settings.bindAddress(), settings.tcpPort()))
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) {
            // Not only RuntimeException: Netty rethrows the checked BindException as it is. The event loops must go
            // either way, or their non-daemon threads keep a verifier that failed to start alive.
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "cannot bind the verifier TCP port "
                            + settings.bindAddress().getHostAddress() + ":" + settings.tcpPort() + " ("
                            + VerifierSettings.TCP_PORT + "): " + e.getMessage(),
                    e);
        }
        bossGroup = boss;
        workerGroup = workers;
        log.info(
                "verifier TCP listening on {}:{} ({}, max frame {} bytes)",
                settings.bindAddress().getHostAddress(),
                port(),
                tls.enabled() ? "TLS" : "plaintext",
                settings.maxFrameBytes());
    }

    @Override
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        serverChannel = null;
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        bossGroup = null;
        workerGroup = null;
        log.info("verifier TCP stopped");
    }

    @Override
    public synchronized boolean isRunning() {
        return serverChannel != null;
    }

    /** The bound port (differs from the setting when that is 0); -1 when not running. */
    public synchronized int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }
}
