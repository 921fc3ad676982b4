package org.reservegrid.loadtest.verifier;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outcome of a load run. {@code sent} and {@code answered} count the warm-up too; latency and the achieved rate
 * cover only the measured period ({@code answeredMeasured} verdicts over {@code seconds}).
 *
 * <p>{@code drops} are proposals that never got a verdict; {@code errors} are protocol errors,
 * unexpected closes and connection failures. A run passes only when both are zero.
 */
public record LoadReport(
        String target,
        int connections,
        double targetRate,
        double seconds,
        int frameBytes,
        int txCount,
        long sent,
        long answered,
        long answeredMeasured,
        long accepted,
        long rejected,
        long drops,
        long errors,
        Map<String, Long> errorsByKind,
        Histogram latencyMicros) {

    public boolean passed() {
        return drops == 0 && errors == 0 && sent > 0;
    }

    public double achievedRate() {
        return seconds <= 0 ? 0 : answeredMeasured / seconds;
    }

    private double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public String human() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "rg-load-test verifier: %s, %d connections, %.1f proposals/s target, %.1f s measured,"
                        + " %d tx per template (%,d-byte frames)%n",
                target,
                connections,
                targetRate,
                seconds,
                txCount,
                frameBytes));
        out.append(String.format(
                Locale.ROOT,
                "sent %d, answered %d (accepted %d, rejected %d), drops %d, errors %d, achieved %.1f/s%n",
                sent,
                answered,
                accepted,
                rejected,
                drops,
                errors,
                achievedRate()));
        out.append(String.format(
                Locale.ROOT,
                "latency ms (send schedule to verdict): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                percentileMillis(50),
                percentileMillis(90),
                percentileMillis(99),
                percentileMillis(99.9),
                latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0));
        errorsByKind.forEach((kind, count) ->
                out.append("  error ").append(kind).append(": ").append(count).append(System.lineSeparator()));
        out.append(passed() ? "PASS: zero drops, zero errors" : "FAIL: drops or errors (see above)");
        return out.toString();
    }

    /** One JSON object on one line, for scripts: the last line of the output with {@code --json}. */
    public String json() {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", percentileMillis(50));
        latency.put("p90", percentileMillis(90));
        latency.put("p99", percentileMillis(99));
        latency.put("p99_9", percentileMillis(99.9));
        latency.put("max", latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", "verifier");
        root.put("target", target);
        root.put("connections", connections);
        root.put("target_rate", targetRate);
        root.put("seconds", seconds);
        root.put("tx_count", txCount);
        root.put("frame_bytes", frameBytes);
        root.put("sent", sent);
        root.put("answered", answered);
        root.put("accepted", accepted);
        root.put("rejected", rejected);
        root.put("drops", drops);
        root.put("errors", errors);
        root.put("errors_by_kind", errorsByKind);
        root.put("achieved_rate", achievedRate());
        root.put("latency_ms", latency);
        root.put("passed", passed());
        return JsonMapper.builder().build().writeValueAsString(root);
    }
}
