package org.reservegrid.gateway.share;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.BlockHeader;
import org.reservegrid.sv2.mining.Targets;

/**
 * Validates standard-channel shares in the reference pool's order (channels_sv2 server/standard.rs): stale job,
 * unknown or not yet active job, ntime, version bits, network target (block), duplicate, job target.
 *
 * <p>Lifecycle: jobs are registered with {@link #addJob} as NewMiningJob is sent; {@link #activate} is the
 * SetNewPrevHash that makes a job current (a new chain tip retires every older job and forgets the seen shares).
 * Not thread-safe: one channel, one event loop.
 */
public final class ShareValidator {
    /** BIP320/BIP323 bits a miner may roll; any other difference from the job's version is refused. */
    public static final int ROLLABLE_VERSION_MASK = 0x1fff_ffe0;
    /** Consensus rejects blocks more than two hours ahead of network time; the reference miner stamps +60 s. */
    public static final long MAX_NTIME_AHEAD_SECS = 7_200;

    /** {@code chainTip} is -1 while the job is future; {@code target} is the channel target when it became active. */
    private record Job(long jobId, long version, U256 merkleRoot, long chainTip, U256 target) {}

    private record SeenShare(long jobId, long nonce, long ntime, long version) {}

    private final Map<Long, Job> jobs = new HashMap<>();
    private final Set<SeenShare> seen = new HashSet<>();
    private long chainTip;
    private U256 prevHash = U256.ZERO;
    private long minNtime;
    private long nbits;
    private U256 networkTarget = Targets.MAX;
    private U256 channelTarget = Targets.MAX;

    /** Registers a job sent to the miner (future until a SetNewPrevHash activates it). */
    public void addJob(long jobId, long version, U256 merkleRoot) {
        jobs.put(jobId, new Job(jobId, version, merkleRoot, -1, Targets.MAX));
    }

    /**
     * SetNewPrevHash for {@code jobId}: a new chain tip. Older jobs become stale, the duplicate set is flushed, and
     * the channel target in force now is the one this job is judged against.
     */
    public void activate(long jobId, U256 newPrevHash, long newMinNtime, long newNbits, U256 channelTarget) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("job " + jobId + " was never sent");
        }
        chainTip++;
        jobs.values().removeIf(old -> old.chainTip() >= 0 && old.chainTip() < chainTip - 1);
        jobs.put(jobId, new Job(jobId, job.version(), job.merkleRoot(), chainTip, channelTarget));
        this.channelTarget = channelTarget;
        seen.clear();
        prevHash = newPrevHash;
        minNtime = newMinNtime;
        nbits = newNbits;
        networkTarget = Targets.fromCompact(newNbits);
    }

    /**
     * A new job on the current chain tip (a fresh template with the same prev hash) becomes current at once; it is
     * judged against the channel target in force now.
     */
    public void activateOnCurrentTip(long jobId, U256 channelTarget) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("job " + jobId + " was never sent");
        }
        jobs.put(jobId, new Job(jobId, job.version(), job.merkleRoot(), chainTip, channelTarget));
        this.channelTarget = channelTarget;
    }

    /**
     * SetTarget: jobs activated from now on are judged against {@code newTarget}. Active jobs keep their target
     * unless the new one is easier, so shares in flight at the old target still count after a retarget upwards
     * and a miner that switches to an easier target at once is not refused. A share that meets the (harder) current
     * target is credited at it, since that is the target the miner is working to.
     */
    public void retarget(U256 newTarget) {
        channelTarget = newTarget;
        jobs.replaceAll((id, job) -> job.chainTip() < 0 || newTarget.compareTo(job.target()) <= 0
                ? job
                : new Job(job.jobId(), job.version(), job.merkleRoot(), job.chainTip(), newTarget));
    }

    public ShareOutcome validate(long jobId, long nonce, long ntime, long version, long nowEpochSeconds) {
        Job job = jobs.get(jobId);
        if (job != null && job.chainTip() >= 0 && job.chainTip() < chainTip) {
            return Sv2ShareErrors.STALE_SHARE.reject("job " + jobId + " belongs to a previous block");
        }
        if (job == null || job.chainTip() < 0) {
            return Sv2ShareErrors.INVALID_JOB_ID.reject("job " + jobId + " is unknown or not active");
        }
        if (ntime < minNtime || ntime > nowEpochSeconds + MAX_NTIME_AHEAD_SECS) {
            return Sv2ShareErrors.NTIME_OUT_OF_RANGE.reject(
                    "ntime " + ntime + " outside [" + minNtime + ", now + " + MAX_NTIME_AHEAD_SECS + " s]");
        }
        if (((version ^ job.version()) & ~ROLLABLE_VERSION_MASK) != 0) {
            return Sv2ShareErrors.NON_ROLLABLE_VERSION_BIT.reject("version " + Long.toHexString(version)
                    + " changes bits outside " + Integer.toHexString(ROLLABLE_VERSION_MASK));
        }
        BlockHeader header = new BlockHeader(version, prevHash, job.merkleRoot(), ntime, nbits, nonce);
        U256 hash = header.hash();
        U256 jobTarget = job.target();
        U256 credited = channelTarget.compareTo(jobTarget) < 0 && Targets.meets(hash, channelTarget)
                ? channelTarget
                : jobTarget;
        SeenShare submission = new SeenShare(jobId, nonce, ntime, version);
        if (Targets.meets(hash, networkTarget)) {
            if (!seen.add(submission)) {
                return Sv2ShareErrors.DUPLICATE_SHARE.reject("block share submitted twice");
            }
            return new ShareOutcome.BlockFound(
                    Targets.difficulty(credited), Targets.expectedHashes(credited), hash, header);
        }
        if (!Targets.meets(hash, jobTarget)) {
            return Sv2ShareErrors.DIFFICULTY_TOO_LOW.reject("hash above the channel target");
        }
        // Only shares that count are remembered, so a too-low share that a later easier target makes valid is new.
        if (!seen.add(submission)) {
            return Sv2ShareErrors.DUPLICATE_SHARE.reject("share submitted twice");
        }
        return new ShareOutcome.Accepted(Targets.difficulty(credited), Targets.expectedHashes(credited), hash);
    }
}
