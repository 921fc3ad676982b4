package org.reservegrid.gateway.server;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.gateway.block.FoundBlock;
import org.reservegrid.gateway.hashrate.HashrateEstimator;
import org.reservegrid.gateway.hashrate.HashrateHistory;
import org.reservegrid.gateway.share.ShareOutcome;
import org.reservegrid.gateway.share.ShareValidator;
import org.reservegrid.gateway.share.Sv2ShareErrors;
import org.reservegrid.gateway.sharelog.ShareRecord;
import org.reservegrid.gateway.vardiff.Vardiff;
import org.reservegrid.gateway.work.Work;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.SubmitSharesSuccess;
import org.reservegrid.sv2.mining.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One standard channel: its jobs, share validation, acknowledgement batches, vardiff and hashrate estimate.
 *
 * <p>Lifecycle: created by its connection on OpenStandardMiningChannel; receives every released {@link Work}
 * ({@link #onWork}), shares ({@link #onShare}), UpdateChannel ({@link #update}) and a periodic {@link #tick}; ends
 * with {@link #close}. Everything runs on the connection's event loop, {@link #snapshot} included (the API asks
 * each connection's loop for its channels instead of every share rebuilding a copy), except the two hashrate
 * figures that metrics gauges read from any thread.
 *
 * <p>Acknowledgements follow the reference pool: one SubmitShares.Success per {@code shareBatchSize} accepted shares,
 * at once for a block, and (unlike SRI, so a slow miner is not left waiting) once the oldest unacknowledged share is
 * {@code shareAckFlush} old. A Success is only sent after the share log made its shares durable.
 */
final class MiningChannel implements DrainSequence.DrainedChannel {
    private static final Logger log = LoggerFactory.getLogger(MiningChannel.class);
    private static final HexFormat HEX = HexFormat.of();

    /** The job's work and the chain tip index it was sent on (for pruning with the validator). */
    private record Job(Work work, long tip) {}

    private final long id;
    private final ConnectionHandler connection;
    private final ChannelServices services;
    private final String userIdentity;
    private final byte[] extranoncePrefix;
    private final long openedAtMillis;
    private final ShareValidator validator = new ShareValidator();
    private final Vardiff vardiff;
    private final HashrateEstimator estimator;
    /** Sampled by {@link #tick}, never by a share. */
    private final HashrateHistory history = HashrateHistory.lastHour();

    private final Bucket rateLimit;
    private final Map<Long, Job> jobs = new HashMap<>();
    private final Map<String, Long> rejects = new TreeMap<>();

    private volatile double declaredHashrate;
    /** The estimator's figure as of the last tick, for gauges on other threads. */
    private volatile double measuredHashrate;

    private long nextJobId = 1;
    private long currentJobId;
    private long tip;
    private @Nullable U256 currentPrevHash;
    private long lastRelease;
    private @Nullable Work currentWork;

    private long accepted;
    private double acceptedWork;
    private long blocksFound;
    private long lastShareAtMillis;

    private int pendingCount;
    private double pendingSum;
    private long pendingLastSequence;
    private long pendingTicket = -1;
    private long pendingSinceMillis;
    private long lastTicket = -1;
    private boolean closed;

    MiningChannel(
            long id,
            ConnectionHandler connection,
            ChannelServices services,
            String userIdentity,
            byte[] extranoncePrefix,
            double declaredHashrate,
            U256 maxTarget,
            long nowMillis) {
        ServerSettings settings = services.settings();
        this.id = id;
        this.connection = connection;
        this.services = services;
        this.userIdentity = userIdentity;
        this.extranoncePrefix = extranoncePrefix.clone();
        this.declaredHashrate = declaredHashrate;
        this.openedAtMillis = nowMillis;
        U256 initial = Targets.harder(Targets.forHashrate(declaredHashrate, settings.sharesPerMinute()), maxTarget);
        this.vardiff = new Vardiff(
                settings.sharesPerMinute(), settings.vardiffReview().toMillis(), initial, maxTarget, nowMillis);
        this.estimator =
                new HashrateEstimator(settings.hashrateWindow().toMillis(), settings.sharesToSettle(), nowMillis);
        this.rateLimit = Bucket.builder()
                .addLimit(limit -> limit.capacity(settings.shareBurst())
                        .refillGreedy(settings.shareRatePerSecond(), Duration.ofSeconds(1)))
                .build();
        history.record(nowMillis, declaredHashrate, 0, false);
    }

    @Override
    public long id() {
        return id;
    }

    byte[] extranoncePrefix() {
        return extranoncePrefix.clone();
    }

    U256 target() {
        return vardiff.current();
    }

    /**
     * The job for released work: on a new chain tip a future job and the SetNewPrevHash that activates it (the
     * reference pool's order); on the same tip a job that is active at once (min_ntime set).
     */
    void onWork(Distribution distribution, long nowMillis) {
        if (closed || distribution.number() <= lastRelease) {
            return;
        }
        lastRelease = distribution.number();
        Work work = distribution.work();
        long jobId = nextJobId++;
        long version = work.template().version();
        long minNtime = work.template().curtime();
        U256 root = work.merkleRoot(extranoncePrefix);
        validator.addJob(jobId, version, root);
        if (!work.prevHash().equals(currentPrevHash)) {
            tip++;
            currentPrevHash = work.prevHash();
            validator.activate(jobId, work.prevHash(), minNtime, work.template().nbits(), vardiff.current());
            long oldest = tip - 1;
            jobs.values().removeIf(job -> job.tip() < oldest);
            connection.write(new NewMiningJob(id, jobId, OptionalLong.empty(), version, root));
            connection.write(new SetNewPrevHash(
                    id, jobId, work.prevHash(), minNtime, work.template().nbits()));
        } else {
            validator.activateOnCurrentTip(jobId, vardiff.current());
            connection.write(new NewMiningJob(id, jobId, OptionalLong.of(minNtime), version, root));
        }
        jobs.put(jobId, new Job(work, tip));
        currentJobId = jobId;
        currentWork = work;
    }

    void onShare(SubmitSharesStandard share, long nowMillis) {
        long sequence = share.sequenceNumber();
        if (!rateLimit.tryConsume(1)) {
            reject(sequence, Sv2ShareErrors.RATE_LIMITED.reject("over the channel's share rate"), nowMillis);
            return;
        }
        ShareOutcome outcome =
                validator.validate(share.jobId(), share.nonce(), share.ntime(), share.version(), nowMillis / 1000);
        switch (outcome) {
            case ShareOutcome.Rejected rejected -> reject(sequence, rejected, nowMillis);
            case ShareOutcome.Accepted ok ->
                accept(share, ok.difficulty(), ok.expectedHashes(), ok.hash(), false, nowMillis);
            case ShareOutcome.BlockFound block -> {
                if (accept(share, block.difficulty(), block.expectedHashes(), block.hash(), true, nowMillis)) {
                    submitBlock(share, block);
                }
            }
        }
    }

    private boolean accept(
            SubmitSharesStandard share,
            double difficulty,
            double expectedHashes,
            U256 hash,
            boolean block,
            long nowMillis) {
        Job job = jobs.get(share.jobId());
        Work work = job == null ? currentWork : job.work();
        long height = work == null ? 0 : work.template().height();
        long templateSequence = work == null ? 0 : work.sequence();
        long ticket = services.shareLog()
                .append(new ShareRecord(
                        nowMillis,
                        id,
                        userIdentity,
                        share.jobId(),
                        share.sequenceNumber(),
                        share.nonce(),
                        share.ntime(),
                        share.version(),
                        difficulty,
                        display(hash),
                        block,
                        height,
                        templateSequence));
        if (ticket < 0) {
            String failure = services.shareLog().failure();
            reject(
                    share.sequenceNumber(),
                    failure == null
                            ? Sv2ShareErrors.SHARE_LOG_FULL.reject("the share log cannot take more shares")
                            : Sv2ShareErrors.SHARE_LOG_FAILED.reject(failure),
                    nowMillis);
            return false;
        }
        accepted++;
        acceptedWork += difficulty;
        lastShareAtMillis = nowMillis;
        estimator.record(expectedHashes, nowMillis);
        vardiff.recordShare(expectedHashes);
        services.metrics().shareAccepted(block);
        if (block) {
            blocksFound++;
        }
        if (pendingCount == 0) {
            pendingSinceMillis = nowMillis;
        }
        pendingCount++;
        pendingSum += difficulty;
        pendingLastSequence = share.sequenceNumber();
        pendingTicket = ticket;
        lastTicket = ticket;
        if (block || pendingCount >= services.settings().shareBatchSize()) {
            flushAcks();
        }
        return true;
    }

    private void reject(long sequence, ShareOutcome.Rejected rejected, long nowMillis) {
        rejects.merge(rejected.reason().code(), 1L, Long::sum);
        lastShareAtMillis = nowMillis;
        services.metrics().shareRejected(rejected.reason());
        log.debug("channel {}: share {} rejected: {} ({})", id, sequence, rejected.sv2ErrorCode(), rejected.detail());
        connection.write(new SubmitSharesError(id, sequence, rejected.sv2ErrorCode()));
    }

    private void submitBlock(SubmitSharesStandard share, ShareOutcome.BlockFound block) {
        Job job = jobs.get(share.jobId());
        if (job == null) {
            log.error("channel {}: block share for job {} whose work is no longer kept", id, share.jobId());
            return;
        }
        Work work = job.work();
        byte[] serialized;
        try {
            serialized = work.block(block.header(), extranoncePrefix);
        } catch (RuntimeException e) {
            log.error("channel {}: could not assemble the block for job {}", id, share.jobId(), e);
            return;
        }
        services.blocks()
                .submit(
                        new FoundBlock(
                                display(block.hash()),
                                work.template().height(),
                                display(work.prevHash()),
                                id,
                                userIdentity,
                                work.sequence(),
                                serialized.length,
                                System.currentTimeMillis(),
                                "pending",
                                null,
                                null,
                                null),
                        serialized);
    }

    /** Sends the pending acknowledgement once the share log has made its shares durable. */
    @Override
    public void flushAcks() {
        if (pendingCount == 0) {
            return;
        }
        SubmitSharesSuccess success = new SubmitSharesSuccess(
                id, pendingLastSequence, pendingCount, (long) Math.floor(Math.min(pendingSum, 0x1p63)));
        long ticket = pendingTicket;
        pendingCount = 0;
        pendingSum = 0;
        pendingTicket = -1;
        Executor loop = connection.executor();
        services.shareLog().whenDurable(ticket, loop, () -> connection.writeAndFlush(success));
    }

    /** The share log ticket of this channel's last accepted share, or -1. */
    @Override
    public long lastTicket() {
        return lastTicket;
    }

    /** UpdateChannel: a new declared hashrate and maximum target; always answered with SetTarget. */
    void update(double nominalHashrate, U256 maxTarget, long nowMillis) {
        declaredHashrate = nominalHashrate;
        U256 target = vardiff.update(nominalHashrate, maxTarget, nowMillis);
        validator.retarget(target);
        connection.write(new SetTarget(id, target));
    }

    /** Periodic work: late acknowledgements, vardiff review, the hashrate figure for gauges and the history. */
    void tick(long nowMillis) {
        if (pendingCount > 0
                && nowMillis - pendingSinceMillis
                        >= services.settings().shareAckFlush().toMillis()) {
            flushAcks();
        }
        vardiff.review(nowMillis).ifPresent(target -> {
            validator.retarget(target);
            log.debug("channel {}: vardiff retarget to difficulty {}", id, Targets.difficulty(target));
            connection.write(new SetTarget(id, target));
        });
        measuredHashrate = estimator.hashesPerSecond(nowMillis);
        history.record(nowMillis, declaredHashrate, measuredHashrate, estimator.settled(nowMillis));
    }

    @Override
    public void close() {
        closed = true;
        jobs.clear();
        history.release();
    }

    /** The hashrate history, oldest first; on the event loop only. */
    List<HashrateHistory.Sample> hashrateHistory() {
        return history.samples();
    }

    double declaredHashrate() {
        return declaredHashrate;
    }

    double measuredHashrate() {
        return measuredHashrate;
    }

    /** The channel as the API shows it; on the event loop only. */
    ChannelSnapshot snapshot(long nowMillis) {
        U256 target = vardiff.current();
        return new ChannelSnapshot(
                id,
                connection.id(),
                userIdentity,
                connection.remoteAddress(),
                connection.connectedAtMillis(),
                openedAtMillis,
                declaredHashrate,
                estimator.hashesPerSecond(nowMillis),
                estimator.settled(nowMillis),
                estimator.sharesInWindow(nowMillis),
                display(target),
                Targets.difficulty(target),
                HEX.formatHex(extranoncePrefix),
                accepted,
                acceptedWork,
                blocksFound,
                rejects,
                lastShareAtMillis == 0 ? null : lastShareAtMillis,
                currentJobId,
                currentWork == null ? null : currentWork.sequence());
    }

    /** Big-endian (display) hex of a little-endian U256. */
    static String display(U256 value) {
        return DisplayHex.format(value.bytes());
    }
}
