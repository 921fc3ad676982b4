package org.reservegrid.loadtest.verifier;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.frame.VerifierFrameDecoder;
import org.reservegrid.protocol.frame.VerifierFrameRejected;
import org.reservegrid.protocol.frame.VerifierFrames;
import org.reservegrid.protocol.message.ProtocolError;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerifierMessage;

/**
 * Drives a verifier with pipelined proposals over N TCP connections at a fixed open-loop rate and measures the
 * time from each proposal's scheduled send to its verdict (so a stalled verifier cannot hide behind a stalled
 * sender: coordinated omission is accounted for).
 */
public final class VerifierLoadTest {
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

    private final VerifierLoadSettings config;
    private final ConcurrentHashMap<Long, Long> outstanding = new ConcurrentHashMap<>();
    private final Histogram latencyMicros = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong answeredMeasured = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private volatile boolean closing;

    public VerifierLoadTest(VerifierLoadSettings config) {
        this.config = config;
    }

    public LoadReport run() throws InterruptedException {
        TemplateCorpus corpus = TemplateCorpus.generate(config.txCount(), config.seed());
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(
                Math.min(config.connections(), Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
        long sent = 0;
        double measuredSeconds = 0;
        try {
            List<Channel> channels = connect(group);
            if (channels.size() == config.connections()) {
                long intervalNanos = Math.round(1e9 / config.ratePerSecond());
                long start = System.nanoTime();
                measureFromNanos = start + config.warmup().toNanos();
                long end = measureFromNanos + config.duration().toNanos();
                sent = sendUntil(channels, corpus, start, end, intervalNanos);
                measuredSeconds = (System.nanoTime() - measureFromNanos) / 1e9;
                drain();
            }
            closing = true;
            for (Channel channel : channels) {
                channel.close().awaitUninterruptibly(1_000);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
        Map<String, Long> errorsByKind = new TreeMap<>();
        errors.forEach((kind, count) -> errorsByKind.put(kind, count.get()));
        long errorCount =
                errorsByKind.values().stream().mapToLong(Long::longValue).sum();
        return new LoadReport(
                config.host() + ":" + config.port(),
                config.connections(),
                config.ratePerSecond(),
                measuredSeconds,
                corpus.frameBytes(),
                config.txCount(),
                sent,
                answered.get(),
                answeredMeasured.get(),
                accepted.get(),
                rejected.get(),
                outstanding.size(),
                errorCount,
                errorsByKind,
                latencyMicros.copy());
    }

    private long sendUntil(List<Channel> channels, TemplateCorpus corpus, long start, long end, long intervalNanos) {
        long sent = 0;
        for (long index = 0; ; index++) {
            long scheduled = start + index * intervalNanos;
            if (scheduled >= end) {
                return sent;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long requestId = index + 1;
            Channel channel = channels.get((int) (index % channels.size()));
            if (!channel.isActive()) {
                error("send_on_closed_connection");
                continue;
            }
            outstanding.put(requestId, scheduled);
            channel.writeAndFlush(corpus.frame(
                            channel.alloc(), requestId, Instant.now().getEpochSecond()))
                    .addListener(write -> {
                        if (!write.isSuccess() && outstanding.remove(requestId) != null) {
                            error("write_failed");
                        }
                    });
            sent++;
        }
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private List<Channel> connect(MultiThreadIoEventLoopGroup group) {
        SslContext ssl = sslContext();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (ssl != null) {
                            channel.pipeline().addLast(ssl.newHandler(channel.alloc(), config.host(), config.port()));
                        }
                        channel.pipeline()
                                .addLast(new VerifierFrameDecoder(VerifierFrames.DEFAULT_MAX_FRAME_BYTES))
                                .addLast(new VerdictHandler());
                    }
                });
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < config.connections(); i++) {
            ChannelFuture connect =
                    bootstrap.connect(config.host(), config.port()).awaitUninterruptibly();
            if (!connect.isSuccess()) {
                Throwable cause = connect.cause();
                error("connect_failed: " + (cause == null ? "unknown" : cause.getMessage()));
                break;
            }
            channels.add(connect.channel());
        }
        return channels;
    }

    private @Nullable SslContext sslContext() {
        if (!config.tls()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (config.tlsCaFile() == null) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                builder.trustManager(config.tlsCaFile().toFile());
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /** Pairs verdicts with their proposals by request id; every other event is an error of its own kind. */
    private final class VerdictHandler extends SimpleChannelInboundHandler<VerifierMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, VerifierMessage message) {
            switch (message) {
                case TemplateVerdict verdict -> onVerdict(verdict);
                case ProtocolError protocolError ->
                    error("protocol_error: " + protocolError.reason().code());
                case TemplatePropose unexpected -> error("unexpected_propose_from_server");
            }
        }

        private void onVerdict(TemplateVerdict verdict) {
            long now = System.nanoTime();
            Long scheduled = outstanding.remove(verdict.requestId());
            if (scheduled == null) {
                error("verdict_for_unknown_request");
                return;
            }
            answered.incrementAndGet();
            (verdict.accepted() ? accepted : rejected).incrementAndGet();
            if (scheduled >= measureFromNanos) {
                answeredMeasured.incrementAndGet();
                latencyMicros.recordValue(Math.max(0, (now - scheduled) / 1_000));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof VerifierFrameRejected rejectedFrame) {
                error("bad_frame_from_server: " + rejectedFrame.reason().code());
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!closing) {
                error("connection_closed_by_server");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            error(
                    cause instanceof IOException
                            ? "io_error"
                            : "client_error: " + cause.getClass().getSimpleName());
            ctx.close();
        }
    }
}
