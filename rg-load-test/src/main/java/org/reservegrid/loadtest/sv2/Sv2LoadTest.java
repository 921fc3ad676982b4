package org.reservegrid.loadtest.sv2;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.netty.codec.Sv2Pipelines;
import org.reservegrid.sv2.netty.noise.NoiseClientHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandlerSettings;

/**
 * Drives an SV2 gateway with many simulated standard-channel miners over real Noise sessions, in three phases:
 *
 * <ol>
 *   <li>Ramp-up: connections start (at {@code connectRate}, with at most {@code maxPendingHandshakes} between TCP
 *       connect and a channel with work) until every miner has a channel and a job; the handshake rate is the
 *       handshakes completed over the time to the last one.
 *   <li>Shares: an open-loop scheduler sends {@code shareRate} shares per second round-robin over the ready
 *       channels, each on its channel's event loop; latency runs from the scheduled send to the answer, so a slow
 *       gateway shows up as latency, not as a lower send rate.
 *   <li>Drain: wait for outstanding answers; the rest are drops.
 * </ol>
 *
 * New chain tips arriving at any time are recorded per channel for the fan-out figures.
 */
public final class Sv2LoadTest {

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Sv2LoadSettings config;
    private final LoadMetrics metrics = new LoadMetrics();
    private final FanOut fanOut = new FanOut();

    public Sv2LoadTest(Sv2LoadSettings config) {
        this.config = config;
    }

    public Sv2LoadReport run() throws InterruptedException {
        Optional<GatewayMemory> memoryBefore = gatewayMemory();
        MultiThreadIoEventLoopGroup group =
                new MultiThreadIoEventLoopGroup(config.eventLoopThreads(), NioIoHandler.newFactory());
        List<SimulatedMiner> miners = new ArrayList<>(config.connections());
        Sv2LoadReport.Ramp ramp;
        Sv2LoadReport.Shares shares = Sv2LoadReport.Shares.NONE;
        Optional<GatewayMemory> memoryAfterRamp;
        Optional<GatewayMemory> memoryAtEnd = Optional.empty();
        try {
            ramp = rampUp(group, miners);
            memoryAfterRamp = gatewayMemory();
            List<SimulatedMiner> ready =
                    miners.stream().filter(SimulatedMiner::isReady).toList();
            if (!ready.isEmpty() && config.shareRate() > 0 && !config.duration().isZero()) {
                shares = sendShares(ready);
            }
            memoryAtEnd = gatewayMemory();
        } finally {
            metrics.closing = true;
            for (SimulatedMiner miner : miners) {
                Channel channel = miner.channel();
                if (channel != null) {
                    channel.close();
                }
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10_000);
        }
        return new Sv2LoadReport(
                config,
                ramp,
                shares,
                metrics.sent.get(),
                metrics.answered.get(),
                metrics.accepted.get(),
                metrics.successMessages.get(),
                metrics.skippedWithoutWork.get(),
                metrics.rejectedByCode(),
                metrics.errorsByKind(),
                metrics.ackMicros.copy(),
                fanOut.summarize(rampEndNanos()),
                memoryBefore,
                memoryAfterRamp,
                memoryAtEnd);
    }

    /** When the last channel got its first work (the end of the ramp), or now when none did. */
    private long rampEndNanos() {
        long lastReady = metrics.lastReadyNanos.get();
        return lastReady == Long.MIN_VALUE ? System.nanoTime() : lastReady;
    }

    /** The gateway process's total CPU time so far (Linux: from /proc via ProcessHandle), when its pid was given. */
    private Optional<Duration> gatewayCpu() {
        if (config.gatewayPid().isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(config.gatewayPid().getAsLong())
                .flatMap(process -> process.info().totalCpuDuration());
    }

    private Optional<GatewayMemory> gatewayMemory() {
        return config.gatewayPid().isPresent()
                ? GatewayMemory.read(config.gatewayPid().getAsLong())
                : Optional.empty();
    }

    private Sv2LoadReport.Ramp rampUp(MultiThreadIoEventLoopGroup group, List<SimulatedMiner> miners)
            throws InterruptedException {
        Semaphore pending = new Semaphore(config.maxPendingHandshakes());
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
        NoiseHandlerSettings noiseSettings = NoiseHandlerSettings.DEFAULTS.withHandshakeTimeout(
                Duration.ofMillis(Math.max(1_000, config.rampTimeout().toMillis())));
        Optional<Duration> gatewayCpuBefore = gatewayCpu();
        long start = System.nanoTime();
        long deadline = start + config.rampTimeout().toNanos();
        int started = 0;
        boolean timedOut = false;
        for (int index = 0; index < config.connections(); index++) {
            if (config.connectRate() > 0) {
                parkUntil(start + Math.round(index * 1e9 / config.connectRate()));
            }
            if (!pending.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                break;
            }
            SimulatedMiner miner = new SimulatedMiner(index, config, metrics, fanOut, pending::release);
            miners.add(miner);
            started++;
            ChannelFuture connect = bootstrap
                    .clone()
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(
                                            NoiseHandler.NAME,
                                            NoiseClientHandler.verifying(config.authorityXOnly(), noiseSettings));
                            Sv2Pipelines.addAfterNoise(channel.pipeline(), Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
                            channel.pipeline().addLast("miner", miner);
                        }
                    })
                    .connect(config.host(), config.port());
            connect.addListener(done -> {
                if (!done.isSuccess()) {
                    Throwable cause = done.cause();
                    miner.connectFailed(cause == null ? "unknown" : String.valueOf(cause.getMessage()));
                }
            });
        }
        while (metrics.channelsReady.get() + metrics.minersFailed.get() < started && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int ready = metrics.channelsReady.get();
        if (timedOut || ready + metrics.minersFailed.get() < started) {
            metrics.error("ramp_timeout: connections still pending after "
                    + config.rampTimeout().toSeconds() + " s");
        }
        Optional<Duration> gatewayCpuAfter = gatewayCpu();
        OptionalDouble gatewayCpuSeconds = gatewayCpuBefore.isPresent() && gatewayCpuAfter.isPresent()
                ? OptionalDouble.of(
                        gatewayCpuAfter.get().minus(gatewayCpuBefore.get()).toNanos() / 1e9)
                : OptionalDouble.empty();
        long lastHandshake = metrics.lastHandshakeNanos.get();
        long lastReady = metrics.lastReadyNanos.get();
        return new Sv2LoadReport.Ramp(
                started,
                metrics.handshakes.get(),
                metrics.channelsOpen.get(),
                ready,
                lastHandshake == Long.MIN_VALUE ? 0 : (lastHandshake - start) / 1e9,
                lastReady == Long.MIN_VALUE ? 0 : (lastReady - start) / 1e9,
                metrics.handshakeMicros.copy(),
                gatewayCpuSeconds);
    }

    private Sv2LoadReport.Shares sendShares(List<SimulatedMiner> ready) throws InterruptedException {
        long intervalNanos = Math.max(1, Math.round(1e9 / config.shareRate()));
        long start = System.nanoTime();
        metrics.measureFromNanos = start + config.warmup().toNanos();
        long end = metrics.measureFromNanos + config.duration().toNanos();
        long scheduledCount = 0;
        for (long index = 0; ; index++) {
            long scheduled = start + index * intervalNanos;
            if (scheduled >= end) {
                break;
            }
            parkUntil(scheduled);
            SimulatedMiner miner = ready.get((int) (index % ready.size()));
            Channel channel = miner.channel();
            if (channel == null) {
                continue;
            }
            scheduledCount++;
            channel.eventLoop().execute(() -> miner.submit(scheduled));
        }
        double measuredSeconds = (System.nanoTime() - metrics.measureFromNanos) / 1e9;
        long drainDeadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (System.nanoTime() < drainDeadline
                && (metrics.dispatched.get() < scheduledCount || metrics.answered.get() < metrics.sent.get())) {
            Thread.sleep(5);
        }
        return new Sv2LoadReport.Shares(scheduledCount, measuredSeconds);
    }

    private static void parkUntil(long deadlineNanos) {
        for (long wait = deadlineNanos - System.nanoTime(); wait > 0; wait = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
