package org.reservegrid.testminer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a test-miner run ended. It passed only when no stage failed and every planned share was submitted and
 * acknowledged as accepted, with the pool's counts matching ours.
 *
 * @param failure the first thing that went wrong ({@code stage: reason}), or null
 */
public record MinerReport(
        String gateway,
        String identity,
        boolean randomNonces,
        @Nullable String failure,
        long channelId,
        double targetDifficulty,
        int planned,
        int submitted,
        int accepted,
        Map<Long, String> rejected,
        List<Long> staleInFlight,
        List<Long> unanswered,
        List<String> anomalies,
        int successMessages,
        long sharesSum,
        long hashes,
        double grindSeconds,
        double maxAckMillis) {

    public boolean passed() {
        return failure == null
                && accepted == planned
                && rejected.isEmpty()
                && unanswered.isEmpty()
                && anomalies.isEmpty();
    }

    /** Why the run did not pass, in one sentence; empty when it passed. */
    public String reason() {
        if (failure != null) {
            return failure;
        }
        if (!rejected.isEmpty()) {
            Map<String, Long> byCode = new LinkedHashMap<>();
            rejected.values().forEach(code -> byCode.merge(code, 1L, Long::sum));
            return rejected.size() + " of " + submitted + " shares rejected " + byCode;
        }
        if (!unanswered.isEmpty()) {
            return unanswered.size() + " shares never answered (sequence numbers " + unanswered
                    + "): the pool may acknowledge in batches (share_batch_size) that this run did not fill";
        }
        if (!anomalies.isEmpty()) {
            return "acknowledgements do not add up: " + anomalies.getFirst();
        }
        if (accepted != planned) {
            return "accepted " + accepted + " of " + planned + " planned shares (" + submitted + " submitted)";
        }
        return "";
    }

    private double hashesPerSecond() {
        return grindSeconds <= 0 ? 0 : hashes / grindSeconds;
    }

    public String human() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "test-miner: %s as %s, channel %d, target difficulty %.6g%s%n",
                gateway,
                identity,
                channelId,
                targetDifficulty,
                randomNonces ? ", random nonces (unchecked)" : ""));
        out.append(String.format(
                Locale.ROOT,
                "shares: planned %d, submitted %d, accepted %d, rejected %d, stale in flight (replaced) %d,"
                        + " unanswered %d; %d SubmitShares.Success messages, new_shares_sum %d%n",
                planned,
                submitted,
                accepted,
                rejected.size(),
                staleInFlight.size(),
                unanswered.size(),
                successMessages,
                sharesSum));
        out.append(String.format(
                Locale.ROOT,
                "grinding: %,d hashes in %.2f s (%.0f h/s); slowest acknowledgement %.1f ms%n",
                hashes,
                grindSeconds,
                hashesPerSecond(),
                maxAckMillis));
        rejected.forEach((seq, code) -> out.append("  rejected sequence number ")
                .append(seq)
                .append(": ")
                .append(code)
                .append(System.lineSeparator()));
        anomalies.forEach(anomaly -> out.append("  anomaly: ").append(anomaly).append(System.lineSeparator()));
        out.append(passed() ? "PASS: every share was accepted" : "FAIL: " + reason());
        return out.toString();
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", "test-miner");
        root.put("gateway", gateway);
        root.put("identity", identity);
        root.put("random_nonces", randomNonces);
        root.put("passed", passed());
        root.put("reason", passed() ? null : reason());
        root.put("channel_id", channelId);
        root.put("target_difficulty", targetDifficulty);
        root.put("planned", planned);
        root.put("submitted", submitted);
        root.put("accepted", accepted);
        Map<String, String> rejectedBySequence = new LinkedHashMap<>();
        rejected.forEach((seq, code) -> rejectedBySequence.put(Long.toString(seq), code));
        root.put("rejected", rejectedBySequence);
        root.put("stale_in_flight", staleInFlight);
        root.put("unanswered", unanswered);
        root.put("anomalies", anomalies);
        root.put("success_messages", successMessages);
        root.put("shares_sum", sharesSum);
        root.put("hashes", hashes);
        root.put("hashes_per_second", hashesPerSecond());
        root.put("max_ack_ms", maxAckMillis);
        return JsonMapper.builder().build().writeValueAsString(root);
    }
}
