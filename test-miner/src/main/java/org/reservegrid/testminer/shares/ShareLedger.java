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
import org.reservegrid.sv2.message.SubmitSharesSuccess;

/**
 * Pairs submitted shares with the pool's answers by sequence number (sv2-spec §5.3.12-§5.3.14).
 *
 * <p>A SubmitShares.Success acknowledges every share up to {@code last_sequence_number} that has not been rejected,
 * and says how many that is ({@code new_submits_accepted_count}): the reference pool sends one per
 * {@code share_batch_size} accepted shares (or at once on a block), so one Success may cover several shares. A
 * SubmitShares.Error rejects exactly the share it names. Whenever the pool's count and ours differ, or an answer
 * names a share that was not waiting for one, the ledger records an anomaly: the run cannot then claim that every
 * share was accepted.
 *
 * <p>Not thread-safe: the miner's main thread owns it.
 */
public final class ShareLedger {

    /** A share sent to the pool. */
    public record Submitted(long sequenceNumber, long jobId, long nonce, long ntime, long version, long sentNanos) {}

    /** The shares one SubmitShares.Success acknowledged, with their time from send to acknowledgement. */
    public record Acknowledged(List<Submitted> shares, long ackNanos) {}

    private final SequencedMap<Long, Submitted> pending = new LinkedHashMap<>();
    private final List<Long> accepted = new ArrayList<>();
    private final Map<Long, String> rejected = new LinkedHashMap<>();
    private final List<String> anomalies = new ArrayList<>();
    private long sharesSum;
    private int successMessages;

    public void submitted(Submitted share) {
        if (pending.putIfAbsent(share.sequenceNumber(), share) != null
                || accepted.contains(share.sequenceNumber())
                || rejected.containsKey(share.sequenceNumber())) {
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

    /** Records the rejection; returns the share it names, or null (an anomaly) when none was waiting. */
    public @Nullable Submitted onError(SubmitSharesError error) {
        long sequenceNumber = error.sequenceNumber();
        String code = error.errorCode().asString();
        Submitted share = pending.remove(sequenceNumber);
        if (share == null) {
            anomalies.add("SubmitShares.Error(" + code + ") for sequence number " + sequenceNumber
                    + (accepted.contains(sequenceNumber)
                            ? ", which an earlier Success had already accepted"
                            : ", which no share waiting for an answer has"));
            return null;
        }
        rejected.put(sequenceNumber, code);
        return share;
    }

    public int submittedCount() {
        return pending.size() + accepted.size() + rejected.size();
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

    /** True when every submitted share was acknowledged as accepted and every answer added up. */
    public boolean allAccepted() {
        return pending.isEmpty() && rejected.isEmpty() && anomalies.isEmpty() && !accepted.isEmpty();
    }
}
