package org.reservegrid.loadtest.sv2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.MiningSetupFlag;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenMiningChannelError;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.Reconnect;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionError;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.SubmitSharesSuccess;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.mining.BlockHeader;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.sv2.netty.codec.Sv2ProtocolErrorEvent;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeFailed;
import org.reservegrid.sv2.netty.noise.NoiseTransportFailed;

/**
 * One simulated miner: after the Noise handshake it sends SetupConnection and OpenStandardMiningChannel, follows
 * jobs and chain tips like a standard-channel miner, and submits a share whenever the load test's scheduler asks.
 * It pairs answers with shares by sequence number (a SubmitShares.Success may acknowledge several) and records the
 * time from each share's scheduled send to its answer.
 *
 * <p>Lifecycle: every method runs on the channel's event loop, so the state needs no locks. {@code onSettled} runs
 * exactly once, when the miner has work to do or has failed, so the ramp-up can bound handshakes in flight.
 */
final class SimulatedMiner extends ChannelInboundHandlerAdapter {

    /** A valid-share search gives up after this many hashes rather than stall the event loop. */
    static final int MAX_HASHES_PER_VALID_SHARE = 20_000;

    /** One hasher per event-loop thread: the miners of a loop grind one at a time. */
    private static final ThreadLocal<DoubleSha256.Hasher> HASHER = ThreadLocal.withInitial(DoubleSha256::newHasher);

    private record Tip(U256 prevHash, long minNtime, long nbits) {}

    private record Job(long jobId, long version, U256 merkleRoot, long minNtime, U256 target) {}

    private final int index;
    private final Sv2LoadSettings config;
    private final LoadMetrics metrics;
    private final FanOut fanOut;
    private final Runnable onSettled;
    private final long connectStartNanos;

    private final Map<Long, NewMiningJob> futureJobs = new HashMap<>();
    private final SequencedMap<Long, Long> scheduledBySequence = new LinkedHashMap<>();
    private @Nullable Channel channel;
    private @Nullable Tip tip;
    private @Nullable Job job;
    private U256 channelTarget = U256.MAX;
    private long channelId = -1;
    private long nextSequenceNumber = 1;
    private long nonce;
    private boolean settled;
    private volatile boolean ready;
    private boolean failed;

    SimulatedMiner(int index, Sv2LoadSettings config, LoadMetrics metrics, FanOut fanOut, Runnable onSettled) {
        this.index = index;
        this.config = config;
        this.metrics = metrics;
        this.fanOut = fanOut;
        this.onSettled = onSettled;
        this.connectStartNanos = System.nanoTime();
        this.nonce = initialNonce(index);
    }

    /** Miners start 2^20 nonces apart (wrapping at 2^32), so shares of different channels rarely look alike. */
    static long initialNonce(int index) {
        return ((long) index << 20) & 0xFFFF_FFFFL;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Whether this miner has an open channel with a job on a chain tip. */
    boolean isReady() {
        return ready;
    }

    @Nullable
    Channel channel() {
        return channel;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        long now = System.nanoTime();
        switch (event) {
            case NoiseHandshakeCompleted completed -> {
                metrics.handshakeCompleted((now - connectStartNanos) / 1_000, now);
                ctx.writeAndFlush(SetupConnection.mining(
                        MiningSetupFlag.REQUIRES_STANDARD_JOBS.mask(),
                        config.host(),
                        config.port(),
                        "ReserveGrid",
                        "rg-load-test",
                        "sv2",
                        "miner-" + index));
            }
            case NoiseHandshakeFailed failed ->
                fail(ctx, "handshake_failed: " + failed.reason().code());
            case NoiseTransportFailed failed ->
                fail(ctx, "transport_failed: " + failed.reason().code());
            case Sv2ProtocolErrorEvent error ->
                fail(ctx, "protocol_error: " + error.reason().code());
            default -> ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Sv2Message message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        long now = System.nanoTime();
        switch (message) {
            case SetupConnectionSuccess success ->
                ctx.writeAndFlush(new OpenStandardMiningChannel(
                        index, config.identityPrefix() + index, config.hashrate(), U256.MAX));
            case SetupConnectionError error ->
                fail(ctx, "setup_refused: " + error.errorCode().asString());
            case OpenStandardMiningChannelSuccess success -> {
                channelId = success.channelId();
                channelTarget = success.target();
                metrics.channelsOpen.incrementAndGet();
            }
            case OpenMiningChannelError error ->
                fail(ctx, "channel_refused: " + error.errorCode().asString());
            case NewMiningJob newJob -> onJob(newJob, now);
            case SetNewPrevHash prevHash -> onPrevHash(prevHash, now);
            case SetTarget target -> channelTarget = target.maximumTarget();
            case SubmitSharesSuccess success -> onSuccess(success, now);
            case SubmitSharesError error -> onError(error, now);
            case CloseChannel close ->
                fail(ctx, "channel_closed_by_gateway: " + close.reasonCode().asString());
            case Reconnect reconnect -> fail(ctx, "reconnect_requested");
            default -> {
                // SetExtranoncePrefix, SetGroupChannel, extension answers: nothing a standard-job miner needs.
            }
        }
    }

    private void onJob(NewMiningJob newJob, long now) {
        if (newJob.isFutureJob() || tip == null) {
            futureJobs.put(newJob.jobId(), newJob);
            return;
        }
        job = activate(newJob);
        becomeReady(now);
    }

    private void onPrevHash(SetNewPrevHash prevHash, long now) {
        if (tip != null) {
            fanOut.received(prevHash.prevHash(), now);
        }
        tip = new Tip(prevHash.prevHash(), prevHash.minNtime(), prevHash.nbits());
        NewMiningJob activated = futureJobs.remove(prevHash.jobId());
        futureJobs.clear();
        Job current = job;
        if (activated != null) {
            job = activate(activated);
        } else if (current == null || current.jobId() != prevHash.jobId()) {
            job = null;
            metrics.error("prev_hash_for_unknown_job");
            return;
        }
        becomeReady(now);
    }

    private Job activate(NewMiningJob newJob) {
        return new Job(
                newJob.jobId(),
                newJob.version(),
                newJob.merkleRoot(),
                newJob.minNtime().orElse(0),
                channelTarget);
    }

    private void becomeReady(long now) {
        if (!ready && channelId >= 0) {
            ready = true;
            metrics.channelReady(now);
            settle();
        }
    }

    /** Called on the event loop by the scheduler: one share scheduled for {@code scheduledNanos}. */
    void submit(long scheduledNanos) {
        try {
            submitNow(scheduledNanos);
        } catch (RuntimeException e) {
            metrics.error("client_error: " + e.getClass().getSimpleName());
        } finally {
            metrics.dispatched.incrementAndGet();
        }
    }

    /** The connection attempt failed (refused, timed out): the miner is done. */
    void connectFailed(String detail) {
        if (!failed) {
            failed = true;
            metrics.error("connect_failed: " + detail);
        }
        settleAsFailed();
    }

    private void submitNow(long scheduledNanos) {
        Channel current = channel;
        Job work = job;
        Tip chainTip = tip;
        if (current == null || !current.isActive() || work == null || chainTip == null) {
            metrics.skippedWithoutWork.incrementAndGet();
            return;
        }
        long ntime = Math.max(Math.max(work.minNtime(), chainTip.minNtime()), System.currentTimeMillis() / 1000);
        long shareNonce;
        if (config.shareMode() == Sv2LoadSettings.ShareMode.VALID) {
            U256 target = Targets.harder(work.target(), channelTarget);
            long found = grind(work, chainTip, ntime, target);
            if (found < 0) {
                metrics.error("valid_share_not_found_in_" + MAX_HASHES_PER_VALID_SHARE + "_hashes");
                return;
            }
            shareNonce = found;
        } else {
            shareNonce = nonce;
            nonce = (nonce + 1) & 0xFFFF_FFFFL;
        }
        long sequenceNumber = nextSequenceNumber++;
        SubmitSharesStandard share =
                new SubmitSharesStandard(channelId, sequenceNumber, work.jobId(), shareNonce, ntime, work.version());
        scheduledBySequence.put(sequenceNumber, scheduledNanos);
        metrics.sent.incrementAndGet();
        current.writeAndFlush(share);
    }

    /** Returns a nonce meeting {@code target}, or -1; advances the nonce cursor past it either way. */
    private long grind(Job work, Tip chainTip, long ntime, U256 target) {
        byte[] header = new BlockHeader(
                        work.version(), chainTip.prevHash(), work.merkleRoot(), ntime, chainTip.nbits(), 0)
                .toBytes();
        byte[] targetBytes = target.bytes();
        DoubleSha256.Hasher hasher = HASHER.get();
        byte[] hash = new byte[DoubleSha256.LENGTH];
        for (int attempt = 0; attempt < MAX_HASHES_PER_VALID_SHARE; attempt++) {
            long candidate = nonce;
            nonce = (nonce + 1) & 0xFFFF_FFFFL;
            org.reservegrid.bitcoin.BlockHeader.putNonce(header, candidate);
            hasher.hashInto(header, 0, header.length, hash);
            if (atMost(hash, targetBytes)) {
                return candidate;
            }
        }
        return -1;
    }

    private static boolean atMost(byte[] hash, byte[] target) {
        for (int i = U256.LENGTH - 1; i >= 0; i--) {
            int difference = Byte.toUnsignedInt(hash[i]) - Byte.toUnsignedInt(target[i]);
            if (difference != 0) {
                return difference < 0;
            }
        }
        return true;
    }

    private void onSuccess(SubmitSharesSuccess success, long now) {
        metrics.successMessages.incrementAndGet();
        int covered = 0;
        Iterator<Map.Entry<Long, Long>> waiting = scheduledBySequence.entrySet().iterator();
        while (waiting.hasNext()) {
            Map.Entry<Long, Long> share = waiting.next();
            if (share.getKey() > success.lastSequenceNumber()) {
                break;
            }
            metrics.answered(share.getValue(), now);
            metrics.accepted.incrementAndGet();
            waiting.remove();
            covered++;
        }
        if (covered != success.newSubmitsAcceptedCount()) {
            metrics.error("ack_count_mismatch");
        }
    }

    private void onError(SubmitSharesError error, long now) {
        Long scheduled = scheduledBySequence.remove(error.sequenceNumber());
        if (scheduled == null) {
            metrics.error("error_for_unknown_sequence_number");
            return;
        }
        metrics.answered(scheduled, now);
        metrics.rejected(error.errorCode().asString());
    }

    private void fail(ChannelHandlerContext ctx, String kind) {
        if (failed) {
            return;
        }
        failed = true;
        metrics.error(kind);
        settleAsFailed();
        ctx.close();
    }

    private void settleAsFailed() {
        if (!settled) {
            metrics.minersFailed.incrementAndGet();
        }
        settle();
    }

    private void settle() {
        if (!settled) {
            settled = true;
            onSettled.run();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!metrics.closing && !failed) {
            failed = true;
            metrics.error("connection_closed_by_gateway");
        }
        ready = false;
        settleAsFailed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(
                ctx,
                cause instanceof IOException
                        ? "io_error"
                        : "client_error: " + cause.getClass().getSimpleName());
    }
}
