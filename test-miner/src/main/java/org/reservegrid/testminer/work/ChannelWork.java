package org.reservegrid.testminer.work;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.mining.Targets;

/**
 * Follows one standard channel's jobs the way the reference pool hands them out (sv2-spec §5.3.15-§5.3.17): a future
 * job (no {@code min_ntime}) waits for the SetNewPrevHash naming it; a job with {@code min_ntime} replaces the
 * current job on the current chain tip at once; SetNewPrevHash retires every job but the one it activates.
 *
 * <p>A share is judged against the target that was in force when its job became active (the reference pool ignores
 * later SetTarget messages for that job), so the work's target is the harder of that one and the current target:
 * a share meeting it is valid under either reading.
 *
 * <p>Not thread-safe: the miner's main thread owns it.
 */
public final class ChannelWork {

    private record ActiveJob(NewMiningJob job, U256 targetAtActivation) {}

    private final Map<Long, NewMiningJob> futureJobs = new HashMap<>();
    private @Nullable SetNewPrevHash tip;
    private @Nullable ActiveJob active;
    private U256 channelTarget;
    private long generation;
    private long tipsSeen;

    public ChannelWork(U256 initialTarget) {
        this.channelTarget = initialTarget;
    }

    /** What a NewMiningJob did to the work. */
    public enum JobEffect {
        /** Stored until a SetNewPrevHash activates it. */
        FUTURE,
        /** Became the current job on the current chain tip. */
        ACTIVE,
        /** A non-future job before any SetNewPrevHash: nothing to build it on, so it is kept as a future job. */
        WAITING_FOR_PREV_HASH
    }

    public JobEffect onNewMiningJob(NewMiningJob job) {
        if (job.isFutureJob()) {
            futureJobs.put(job.jobId(), job);
            return JobEffect.FUTURE;
        }
        if (tip == null) {
            futureJobs.put(job.jobId(), job);
            return JobEffect.WAITING_FOR_PREV_HASH;
        }
        active = new ActiveJob(job, channelTarget);
        generation++;
        return JobEffect.ACTIVE;
    }

    /**
     * Activates the job the message names on the new chain tip.
     *
     * @return false when that job was never announced: there is no work until the next job arrives
     */
    public boolean onSetNewPrevHash(SetNewPrevHash prevHash) {
        NewMiningJob job = futureJobs.remove(prevHash.jobId());
        ActiveJob current = active;
        if (job == null && current != null && current.job().jobId() == prevHash.jobId()) {
            job = current.job();
        }
        tip = prevHash;
        tipsSeen++;
        generation++;
        if (job == null) {
            active = null;
            return false;
        }
        active = new ActiveJob(job, channelTarget);
        return true;
    }

    public void onSetTarget(U256 target) {
        channelTarget = target;
        generation++;
    }

    public U256 channelTarget() {
        return channelTarget;
    }

    /** The current work, or empty before the first job has a chain tip. */
    public Optional<Work> current() {
        SetNewPrevHash currentTip = tip;
        ActiveJob job = active;
        if (currentTip == null || job == null) {
            return Optional.empty();
        }
        long minNtime = Math.max(currentTip.minNtime(), job.job().minNtime().orElse(0));
        return Optional.of(new Work(
                job.job().jobId(),
                job.job().version(),
                currentTip.prevHash(),
                job.job().merkleRoot(),
                minNtime,
                currentTip.nbits(),
                Targets.harder(job.targetAtActivation(), channelTarget),
                generation));
    }

    /** How many SetNewPrevHash messages arrived: a share sent before the latest one may be judged stale. */
    public long tipsSeen() {
        return tipsSeen;
    }

    /** Changes with every message that changes the work. */
    public long generation() {
        return generation;
    }
}
