package org.reservegrid.templates.verifier;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.retry.Backoff;
import org.reservegrid.protocol.frame.VerifierFrameDecoder;
import org.reservegrid.protocol.frame.VerifierFrameEncoder;
import org.reservegrid.protocol.frame.VerifierFrameRejected;
import org.reservegrid.protocol.message.ProtocolError;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerifierMessage;
import org.reservegrid.templates.metrics.ErrorKind;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's TCP client: one connection, proposals pipelined, verdicts matched by request id.
 *
 * <p>Lifecycle: {@link #start()} connects; a failed connect or a dropped connection reconnects after an
 * exponential backoff (100 ms doubling to 5 s, with jitter). While disconnected, proposals wait in a bounded queue;
 * when it is full the oldest outstanding proposal is given up ({@code verifier_queue_full}). Proposals that were
 * in flight when the connection dropped are sent again after the reconnect, with new request ids. Each proposal
 * has a verdict timeout counted from the hand-off; exactly one {@link VerdictOutcome} is delivered per proposal.
 * Request ids increase strictly for the life of the client, across reconnects.
 *
 * <p>All mutable state is confined to the single event loop; the public methods only post tasks to it.
 */
public final class VerifierClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VerifierClient.class);
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int MAX_VERDICT_FRAME_BYTES = 1024 * 1024;

    private final InetSocketAddress address;
    private final int queueCapacity;
    private final Supplier<Duration> verdictTimeout;
    private final TemplateMetrics metrics;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final VerifierFrameEncoder encoder = new VerifierFrameEncoder();

    private @Nullable Channel channel;
    private final ArrayDeque<Proposal> waiting = new ArrayDeque<>();
    private final Map<Long, Proposal> inFlight = new LinkedHashMap<>();
    private long nextRequestId = 1;
    private final Backoff reconnects =
            Backoff.exponential(INITIAL_BACKOFF, MAX_BACKOFF).withAddedJitter(0.2, RandomGenerator.getDefault());
    private int consecutiveConnectFailures;
    private boolean closed;

    private volatile boolean connected;
    private volatile String problem = "not connected yet";
    private final AtomicInteger outstanding = new AtomicInteger();

    public VerifierClient(
            InetSocketAddress address, int queueCapacity, Supplier<Duration> verdictTimeout, TemplateMetrics metrics) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1");
        }
        this.address = address;
        this.queueCapacity = queueCapacity;
        this.verdictTimeout = verdictTimeout;
        this.metrics = metrics;
        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("verifier-client", true), NioIoHandler.newFactory());
        this.loop = group.next();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frame-decoder", new VerifierFrameDecoder(MAX_VERDICT_FRAME_BYTES))
                                .addLast("frame-encoder", encoder)
                                .addLast("verdicts", new VerdictHandler());
                    }
                });
        metrics.verifierGauges(() -> connected ? 1 : 0, outstanding::get);
    }

    public void start() {
        loop.execute(this::connect);
    }

    /** True while the TCP connection is up. */
    public boolean connected() {
        return connected;
    }

    /** Why the client is not connected (last connect error or disconnect), for readiness answers and logs. */
    public String problem() {
        return problem;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Hands a proposal over; its request id is replaced by the client's own. {@code onOutcome} runs once. */
    public void propose(TemplatePropose propose, Consumer<VerdictOutcome> onOutcome) {
        Proposal proposal = new Proposal(propose, onOutcome, System.nanoTime());
        outstanding.incrementAndGet();
        try {
            loop.execute(() -> enqueue(proposal));
        } catch (RuntimeException e) {
            // The event loop is shut down: the client is closed.
            finish(proposal, new VerdictOutcome.Unavailable("verifier_shutdown", elapsed(proposal), now()));
        }
    }

    private void enqueue(Proposal proposal) {
        if (closed) {
            finish(proposal, new VerdictOutcome.Unavailable("verifier_shutdown", elapsed(proposal), now()));
            return;
        }
        if (waiting.size() + inFlight.size() >= queueCapacity) {
            Proposal oldest = waiting.pollFirst();
            if (oldest == null) {
                Iterator<Proposal> iterator = inFlight.values().iterator();
                oldest = iterator.next();
                iterator.remove();
            }
            metrics.error(ErrorKind.VERIFIER_QUEUE_FULL);
            log.warn("verifier queue full ({} outstanding): giving up the oldest proposal to make room", queueCapacity);
            finish(oldest, new VerdictOutcome.Unavailable("verifier_queue_full", elapsed(oldest), now()));
        }
        long timeoutNanos = Math.max(1, verdictTimeout.get().toNanos());
        proposal.timeout = loop.schedule(() -> timedOut(proposal), timeoutNanos, TimeUnit.NANOSECONDS);
        waiting.addLast(proposal);
        flush();
    }

    private void flush() {
        Channel current = channel;
        if (current == null || !current.isActive() || waiting.isEmpty()) {
            return;
        }
        while (!waiting.isEmpty()) {
            Proposal proposal = waiting.pollFirst();
            long requestId = nextRequestId++;
            proposal.requestId = requestId;
            inFlight.put(requestId, proposal);
            current.write(proposal.propose.withRequestId(requestId)).addListener((ChannelFuture written) -> {
                if (!written.isSuccess() && inFlight.get(requestId) == proposal) {
                    // The connection is going away; channelInactive puts the proposal back in the queue.
                    log.debug("writing proposal {} failed: {}", requestId, String.valueOf(written.cause()));
                }
            });
        }
        current.flush();
    }

    private void timedOut(Proposal proposal) {
        if (proposal.done) {
            return;
        }
        waiting.remove(proposal);
        if (proposal.requestId != 0) {
            inFlight.remove(proposal.requestId, proposal);
        }
        metrics.error(ErrorKind.VERDICT_TIMEOUT);
        log.warn(
                "no verdict for request {} within {} ms",
                proposal.requestId == 0 ? "(not sent)" : proposal.requestId,
                verdictTimeout.get().toMillis());
        finish(proposal, new VerdictOutcome.TimedOut(proposal.requestId, elapsed(proposal), now()));
    }

    private void connect() {
        if (closed) {
            return;
        }
        bootstrap.connect(address).addListener((ChannelFuture future) -> {
            if (future.isSuccess()) {
                onConnected(future.channel());
            } else {
                onConnectFailed(future.cause());
            }
        });
    }

    private void onConnected(Channel newChannel) {
        if (closed) {
            newChannel.close();
            return;
        }
        channel = newChannel;
        connected = true;
        problem = "";
        reconnects.reset();
        consecutiveConnectFailures = 0;
        log.info("connected to verifier {}:{}", address.getHostString(), address.getPort());
        newChannel.closeFuture().addListener(closedFuture -> onDisconnected(newChannel));
        flush();
    }

    private void onConnectFailed(@Nullable Throwable cause) {
        consecutiveConnectFailures++;
        problem = "cannot connect to verifier " + address.getHostString() + ":" + address.getPort() + ": "
                + describe(cause);
        metrics.error(ErrorKind.VERIFIER_CONNECT_FAILED);
        // First failure at WARN, then one line in ten, so a verifier that is down for long does not flood the log.
        if (consecutiveConnectFailures == 1 || consecutiveConnectFailures % 10 == 0) {
            log.warn("{} (attempt {}, retrying with backoff)", problem, consecutiveConnectFailures);
        }
        scheduleReconnect();
    }

    private void onDisconnected(Channel oldChannel) {
        if (channel != oldChannel) {
            return;
        }
        channel = null;
        connected = false;
        if (closed) {
            return;
        }
        problem = "connection to verifier " + address.getHostString() + ":" + address.getPort() + " closed";
        metrics.error(ErrorKind.VERIFIER_DISCONNECTED);
        log.warn("{}; {} proposals in flight will be sent again after reconnecting", problem, inFlight.size());
        List<Proposal> resend = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (int i = resend.size() - 1; i >= 0; i--) {
            Proposal proposal = resend.get(i);
            proposal.requestId = 0;
            waiting.addFirst(proposal);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        loop.schedule(this::connect, reconnects.next().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onVerdict(TemplateVerdict verdict) {
        Proposal proposal = inFlight.remove(verdict.requestId());
        if (proposal == null) {
            metrics.error(ErrorKind.VERDICT_UNKNOWN_REQUEST);
            log.debug("verdict for unknown or expired request {}", verdict.requestId());
            return;
        }
        finish(proposal, new VerdictOutcome.Judged(verdict.requestId(), verdict, elapsed(proposal), now()));
    }

    private void onProtocolError(ProtocolError error) {
        metrics.error(ErrorKind.VERIFIER_PROTOCOL_ERROR);
        log.warn(
                "verifier sent protocol error {} for request {}: {}",
                error.reason().code(),
                error.requestId(),
                error.detail());
        Proposal proposal = error.requestId() == 0 ? null : inFlight.remove(error.requestId());
        if (proposal != null) {
            finish(
                    proposal,
                    new VerdictOutcome.Refused(
                            error.requestId(), error.reason(), error.detail(), elapsed(proposal), now()));
        }
    }

    private void finish(Proposal proposal, VerdictOutcome outcome) {
        if (proposal.done) {
            return;
        }
        proposal.done = true;
        outstanding.decrementAndGet();
        if (proposal.timeout != null) {
            proposal.timeout.cancel(false);
        }
        metrics.verdict(outcome.label(), outcome.latencyNanos());
        try {
            proposal.onOutcome.accept(outcome);
        } catch (RuntimeException e) {
            log.error("verdict listener failed", e);
        }
    }

    @Override
    public void close() {
        try {
            loop.submit(() -> {
                        closed = true;
                        connected = false;
                        List<Proposal> pending = new ArrayList<>(waiting);
                        pending.addAll(inFlight.values());
                        waiting.clear();
                        inFlight.clear();
                        for (Proposal proposal : pending) {
                            finish(
                                    proposal,
                                    new VerdictOutcome.Unavailable("verifier_shutdown", elapsed(proposal), now()));
                        }
                        if (channel != null) {
                            channel.close();
                        }
                    })
                    .await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("verifier client already stopped", e);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static long elapsed(Proposal proposal) {
        return System.nanoTime() - proposal.startedNanos;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String describe(@Nullable Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    private static final class Proposal {
        final TemplatePropose propose;
        final Consumer<VerdictOutcome> onOutcome;
        final long startedNanos;
        long requestId;

        @Nullable
        ScheduledFuture<?> timeout;

        boolean done;

        Proposal(TemplatePropose propose, Consumer<VerdictOutcome> onOutcome, long startedNanos) {
            this.propose = propose;
            this.onOutcome = onOutcome;
            this.startedNanos = startedNanos;
        }
    }

    /** Inbound side of the connection; runs on the client's event loop like everything else here. */
    private final class VerdictHandler extends SimpleChannelInboundHandler<VerifierMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, VerifierMessage message) {
            switch (message) {
                case TemplateVerdict verdict -> onVerdict(verdict);
                case ProtocolError error -> onProtocolError(error);
                case TemplatePropose propose -> {
                    metrics.error(ErrorKind.VERIFIER_FRAME_REJECTED);
                    log.warn("verifier sent a TemplatePropose, which only clients send; closing");
                    ctx.close();
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof VerifierFrameRejected rejected) {
                metrics.error(ErrorKind.VERIFIER_FRAME_REJECTED);
                log.warn("verifier sent a bad frame ({}: {}); reconnecting", rejected.reason(), rejected.detail());
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("verifier connection error: {}", describe(cause));
            ctx.close();
        }
    }
}
