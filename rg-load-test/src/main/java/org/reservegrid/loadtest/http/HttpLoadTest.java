package org.reservegrid.loadtest.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Sends one pre-encoded HTTP/1.1 request at a fixed open-loop rate over a fixed set of keep-alive connections and
 * measures each response from the request's scheduled send time, so a server stall shows up as latency of every
 * request that should have gone out meanwhile (coordinated omission is accounted for).
 *
 * <p>One thread (the caller's) follows the {@link RateSchedule}: at each due time it takes an idle connection and
 * writes the request; with none idle the request is counted as not sent, never queued, so the schedule never
 * slips. Each connection has at most one request in flight (no pipelining) and goes back to the idle queue when
 * its response has ended. A connection the server closes is replaced; a request without a response after the
 * timeout is an error and closes its connection.
 */
public final class HttpLoadTest {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long SWEEP_MILLIS = 50;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final HttpLoadSettings config;
    private final RateSchedule schedule;
    private final ByteBuf request;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Histogram latencyMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Map<Integer, Histogram> latencyByStatus = new ConcurrentHashMap<>();
    /** Written by the sending thread only. */
    private final Histogram sendLagMicros = new Histogram(HIGHEST_MICROS, 3);

    private final LongAdder completed = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private @Nullable Bootstrap bootstrap;
    private @Nullable MultiThreadIoEventLoopGroup group;

    public HttpLoadTest(HttpLoadSettings config) {
        this.config = config;
        this.schedule = new RateSchedule(config.ratePerSecond(), config.warmup(), config.duration());
        byte[] bytes = config.encodedRequest();
        this.request = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
    }

    public HttpLoadReport run() throws InterruptedException {
        MultiThreadIoEventLoopGroup loops =
                new MultiThreadIoEventLoopGroup(config.eventLoopThreads(), NioIoHandler.newFactory());
        group = loops;
        bootstrap = new Bootstrap()
                .group(loops)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
        Sending sending = Sending.NONE;
        Optional<ProcessUsage> serverAfter = Optional.empty();
        Optional<ProcessUsage> selfAfter = Optional.empty();
        long noResponse = 0;
        try {
            if (connectAll()) {
                ScheduledFuture<?> sweeper = loops.next()
                        .scheduleAtFixedRate(
                                this::expireLateRequests, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
                sending = sendAll();
                awaitResponses();
                sweeper.cancel(false);
                noResponse = open.stream().filter(Connection::measuredInFlight).count();
                if (config.serverPid().isPresent()) {
                    serverAfter = ProcessUsage.read(config.serverPid().getAsLong());
                }
                selfAfter = ProcessUsage.read(ProcessHandle.current().pid());
            }
        } finally {
            closing = true;
            for (Connection connection : open) {
                connection.close();
            }
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
        Map<Integer, Histogram> byStatus = new TreeMap<>();
        latencyByStatus.forEach((status, histogram) -> byStatus.put(status, histogram.copy()));
        Map<String, Long> errorsByKind = new TreeMap<>();
        errors.forEach((kind, count) -> errorsByKind.put(kind, count.sum()));
        Optional<HttpLoadReport.ServerUsage> server = Optional.empty();
        if (sending.serverBefore().isPresent() && serverAfter.isPresent()) {
            ProcessUsage before = sending.serverBefore().get();
            ProcessUsage after = serverAfter.get();
            server = Optional.of(new HttpLoadReport.ServerUsage(
                    config.serverPid().orElseThrow(),
                    after.cpuSeconds() - before.cpuSeconds(),
                    before.rssKib(),
                    after.rssKib(),
                    after.peakRssKib()));
        }
        OptionalDouble generatorCpuSeconds = OptionalDouble.empty();
        if (sending.selfBefore().isPresent() && selfAfter.isPresent()) {
            generatorCpuSeconds = OptionalDouble.of(
                    selfAfter.get().cpuSeconds() - sending.selfBefore().get().cpuSeconds());
        }
        return new HttpLoadReport(
                config.url().toString(),
                config.method(),
                config.connections(),
                config.ratePerSecond(),
                sending.measuredSeconds(),
                sending.warmupSent(),
                schedule.measuredRequests(),
                sending.sent(),
                sending.notSentBusy(),
                completed.sum(),
                noResponse,
                reconnects.sum(),
                byStatus,
                latencyMicros.copy(),
                sendLagMicros.copy(),
                errorsByKind,
                server,
                generatorCpuSeconds);
    }

    /** What the sending thread did. */
    private record Sending(
            long warmupSent,
            long sent,
            long notSentBusy,
            double measuredSeconds,
            Optional<ProcessUsage> serverBefore,
            Optional<ProcessUsage> selfBefore) {
        static final Sending NONE = new Sending(0, 0, 0, 0, Optional.empty(), Optional.empty());
    }

    private Sending sendAll() {
        long total = schedule.totalRequests();
        long firstMeasured = schedule.warmupRequests();
        long warmupSent = 0;
        long sent = 0;
        long notSentBusy = 0;
        Optional<ProcessUsage> serverBefore = Optional.empty();
        Optional<ProcessUsage> selfBefore = Optional.empty();
        long start = System.nanoTime();
        long measureFrom = start + schedule.offsetNanos(firstMeasured);
        for (long index = 0; index < total; index++) {
            long due = start + schedule.offsetNanos(index);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            boolean measured = index >= firstMeasured;
            if (index == firstMeasured) {
                selfBefore = ProcessUsage.read(ProcessHandle.current().pid());
                if (config.serverPid().isPresent()) {
                    serverBefore = ProcessUsage.read(config.serverPid().getAsLong());
                }
            }
            Connection connection = takeIdle();
            if (connection == null) {
                if (measured) {
                    notSentBusy++;
                }
                continue;
            }
            if (measured) {
                sent++;
                sendLagMicros.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - due) / 1_000));
            } else {
                warmupSent++;
            }
            connection.send(due, measured);
        }
        double measuredSeconds = Math.max(0, System.nanoTime() - measureFrom) / 1e9;
        return new Sending(warmupSent, sent, notSentBusy, measuredSeconds, serverBefore, selfBefore);
    }

    private @Nullable Connection takeIdle() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (connection.active()) {
                return connection;
            }
        }
        return null;
    }

    /** Waits for the requests still in flight; the sweeper ends any that outlive the timeout. */
    private void awaitResponses() throws InterruptedException {
        long deadline =
                System.nanoTime() + config.timeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(4 * SWEEP_MILLIS);
        while (open.stream().anyMatch(Connection::inFlight) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private boolean connectAll() {
        List<ChannelFuture> connects = new ArrayList<>();
        for (int i = 0; i < config.connections(); i++) {
            connects.add(connect(new Connection()));
        }
        boolean all = true;
        for (ChannelFuture connect : connects) {
            if (!connect.awaitUninterruptibly().isSuccess()) {
                all = false;
            }
        }
        return all;
    }

    private ChannelFuture connect(Connection connection) {
        Bootstrap base = java.util.Objects.requireNonNull(bootstrap);
        ChannelFuture connect = base.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(responseDecoder()).addLast(connection);
                    }
                })
                .connect(config.host(), config.port());
        connect.addListener(done -> {
            if (done.isSuccess()) {
                connection.channel = connect.channel();
                open.add(connection);
                idle.offer(connection);
            } else {
                Throwable cause = done.cause();
                error("connect_failed: " + (cause == null ? "unknown" : cause.getMessage()));
            }
        });
        return connect;
    }

    /** The answer to a HEAD request has no body whatever its Content-Length says; the decoder cannot know by itself. */
    private HttpResponseDecoder responseDecoder() {
        if (!"HEAD".equals(config.method())) {
            return new HttpResponseDecoder();
        }
        return new HttpResponseDecoder() {
            @Override
            protected boolean isContentAlwaysEmpty(HttpMessage message) {
                return true;
            }
        };
    }

    /** Keeps the number of connections: a closed one is replaced, a failed replacement retried shortly. */
    private void replace() {
        MultiThreadIoEventLoopGroup loops = group;
        if (closing || loops == null || loops.isShuttingDown()) {
            return;
        }
        reconnects.increment();
        connect(new Connection()).addListener(done -> {
            if (!done.isSuccess() && !closing && !loops.isShuttingDown()) {
                loops.schedule(this::replace, 200, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void expireLateRequests() {
        long now = System.nanoTime();
        long timeout = config.timeout().toNanos();
        for (Connection connection : open) {
            connection.expireIfLate(now, timeout);
        }
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    private void record(int status, long micros) {
        long value = Math.min(HIGHEST_MICROS, Math.max(0, micros));
        latencyMicros.recordValue(value);
        latencyByStatus
                .computeIfAbsent(status, code -> new ConcurrentHistogram(HIGHEST_MICROS, 3))
                .recordValue(value);
        completed.increment();
    }

    /**
     * One keep-alive connection. Lifecycle: connecting, then idle (in the idle queue) or busy (one request in
     * flight), then closed and replaced. The sending thread owns it while it is busy until the write; the event
     * loop from there until the response ends and it goes back to the idle queue, which orders the two.
     */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final AtomicBoolean inFlight = new AtomicBoolean();
        private volatile @Nullable Channel channel;
        private volatile long dueNanos;
        private volatile long sentNanos;
        private volatile boolean measured;
        /** Event loop only: the response being read, and why the connection is being closed. */
        private int status;

        private boolean informational;

        private boolean keepAlive = true;
        private @Nullable String failure;

        boolean active() {
            Channel current = channel;
            return current != null && current.isActive();
        }

        boolean inFlight() {
            return inFlight.get();
        }

        boolean measuredInFlight() {
            return inFlight.get() && measured;
        }

        void send(long due, boolean measuredRequest) {
            Channel current = java.util.Objects.requireNonNull(channel);
            dueNanos = due;
            measured = measuredRequest;
            sentNanos = System.nanoTime();
            inFlight.set(true);
            current.writeAndFlush(request.duplicate()).addListener(write -> {
                if (!write.isSuccess()) {
                    failure = "write_failed";
                    current.close();
                }
            });
        }

        void expireIfLate(long now, long timeoutNanos) {
            if (inFlight.get() && now - sentNanos > timeoutNanos && inFlight.compareAndSet(true, false)) {
                if (measured) {
                    error("timeout");
                }
                close();
            }
        }

        void close() {
            Channel current = channel;
            if (current != null) {
                current.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof HttpResponse response) {
                    if (response.decoderResult().isFailure()) {
                        failure = "bad_response";
                        ctx.close();
                        return;
                    }
                    status = response.status().code();
                    // A 1xx answer (100 Continue, 103 Early Hints) comes before the real one.
                    informational = status >= 100 && status < 200 && status != 101;
                    keepAlive = HttpUtil.isKeepAlive(response);
                }
                if (message instanceof LastHttpContent && !informational) {
                    responseEnded(ctx);
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private void responseEnded(ChannelHandlerContext ctx) {
            long now = System.nanoTime();
            if (!inFlight.compareAndSet(true, false)) {
                // A response nobody asked for, or one that came after the sweeper gave up on it.
                failure = "unexpected_response";
                ctx.close();
                return;
            }
            if (measured) {
                record(status, (now - dueNanos) / 1_000);
            }
            if (keepAlive) {
                idle.offer(this);
            } else {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = "io_error: " + cause.getClass().getSimpleName();
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.remove(this);
            if (closing) {
                return;
            }
            String why = failure;
            if (inFlight.compareAndSet(true, false) && measured) {
                error(why != null ? why : "closed_mid_request");
            } else if (why != null && (why.equals("unexpected_response") || why.equals("bad_response"))) {
                error(why);
            }
            replace();
        }
    }
}
