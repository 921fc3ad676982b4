package org.reservegrid.testminer.shares;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesErrorCode;
import org.reservegrid.sv2.message.SubmitSharesSuccess;

/**
 * Pairs submitted shares with the pool's answers by sequence number (sv2-spec §5.3.12-§5.3.14).
 *
 * <p>A SubmitShares.Success acknowledges every share up to {@code last_sequence_number} that has not been rejected,
 * and says how many that is ({@code new_submits_accepted_count}): the reference pool sends one per
 * {@code share_batch_size} accepted shares (or at once on a block), so one Success may cover several shares. A
 * SubmitShares.Error rejects exactly the share it names; a {@code stale-share} for a share sent before the latest new
 * chain tip reached the miner is not the miner's fault (the tip crossed the share on the wire, which on regtest, where
 * every share is a block, happens easily) and is kept apart as stale in flight, to be replaced. Whenever the pool's count and ours differ, or an answer
 * names a share that was not waiting for one, the ledger records an anomaly: the run cannot then claim that every
 * share was accepted.
 *
 * <p>Not thread-safe: the miner's main thread owns it.
 */
public final class ShareLedger {

    /**
     * A share sent to the pool.
     *
     * @param tipsAtSend how many chain tips the miner had seen when it sent the share
     */
    public record Submitted(
            long sequenceNumber, long jobId, long nonce, long ntime, long version, long sentNanos, long tipsAtSend) {}

    /** The shares one SubmitShares.Success acknowledged, with their time from send to acknowledgement. */
    public record Acknowledged(List<Submitted> shares, long ackNanos) {}

    private final SequencedMap<Long, Submitted> pending = new LinkedHashMap<>();
    private final List<Long> accepted = new ArrayList<>();
    private final Map<Long, String> rejected = new LinkedHashMap<>();
    private final List<Long> staleInFlight = new ArrayList<>();
    private final List<String> anomalies = new ArrayList<>();
    private long sharesSum;
    private int successMessages;

    public void submitted(Submitted share) {
        if (pending.putIfAbsent(share.sequenceNumber(), share) != null
                || accepted.contains(share.sequenceNumber())
                || rejected.containsKey(share.sequenceNumber())
                || staleInFlight.contains(share.sequenceNumber())) {
            throw new IllegalArgumentException("sequence number " + share.sequenceNumber() + " was already used");
        }
    }

    public Acknowledged onSuccess(SubmitSharesSuccess success, long nowNanos) {
        successMessages++;
        List<Submitted> covered = new ArrayList<>();
        Iterator<Submitted> waiting = pending.values().iterator();
        while (waiting.hasNext()) {
            Submitted share = waiting.next();
            if (Long.compareUnsigned(share.sequenceNumber(), success.lastSequenceNumber()) <= 0) {
                covered.add(share);
                accepted.add(share.sequenceNumber());
                waiting.remove();
            }
        }
        if (covered.size() != success.newSubmitsAcceptedCount()) {
            anomalies.add("SubmitShares.Success(last_sequence_number=" + success.lastSequenceNumber()
                    + ") counts " + success.newSubmitsAcceptedCount() + " newly accepted shares but "
                    + covered.size() + " of ours up to that sequence number were waiting for an answer");
        }
        sharesSum += success.newSharesSum();
        return new Acknowledged(List.copyOf(covered), nowNanos);
    }

    /**
     * Records the rejection; returns the share it names, or null (an anomaly) when none was waiting.
     *
     * @param tipsNow how many chain tips the miner has seen by now
     */
    public @Nullable Submitted onError(SubmitSharesError error, long tipsNow) {
        long sequenceNumber = error.sequenceNumber();
        String code = error.errorCode().asString();
        Submitted share = pending.remove(sequenceNumber);
        if (share == null) {
            anomalies.add("SubmitShares.Error(" + code + ") for sequence number " + sequenceNumber
                    + (accepted.contains(sequenceNumber) || staleInFlight.contains(sequenceNumber)
                            ? ", which was already answered"
                            : ", which no share waiting for an answer has"));
            return null;
        }
        if (code.equals(SubmitSharesErrorCode.STALE_SHARE.code()) && share.tipsAtSend() < tipsNow) {
            staleInFlight.add(sequenceNumber);
        } else {
            rejected.put(sequenceNumber, code);
        }
        return share;
    }

    public int submittedCount() {
        return pending.size() + accepted.size() + rejected.size() + staleInFlight.size();
    }

    /** Shares judged stale because a new chain tip crossed them on the wire. */
    public List<Long> staleInFlight() {
        return List.copyOf(staleInFlight);
    }

    public int pendingCount() {
        return pending.size();
    }

    public List<Long> pendingSequenceNumbers() {
        return List.copyOf(pending.keySet());
    }

    public int acceptedCount() {
        return accepted.size();
    }

    /** Rejected shares: sequence number to error code, in the order the errors arrived. */
    public Map<Long, String> rejected() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
    }

    public List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    /** The sum of {@code new_shares_sum} over every Success (difficulty units; 0 for targets easier than 1). */
    public long sharesSum() {
        return sharesSum;
    }

    public int successMessages() {
        return successMessages;
    }

    /** True when every submitted share was accepted or went stale in flight, and every answer added up. */
    public boolean allAccepted() {
        return pending.isEmpty() && rejected.isEmpty() && anomalies.isEmpty() && !accepted.isEmpty();
    }
}
