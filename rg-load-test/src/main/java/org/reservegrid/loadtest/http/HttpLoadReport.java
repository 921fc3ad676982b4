package org.reservegrid.loadtest.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outcome of an HTTP load run. Everything but {@code warmupSent} covers the measured period only: requests whose
 * scheduled send time fell after the warm-up.
 *
 * <p>{@code notSentBusy} are requests that came due while every connection had a request in flight (the server, or
 * this generator, could not keep up with the rate at this many connections); {@code noResponse} were still in flight
 * when the run ended; {@code errorsByKind} are transport failures: refused connections, closes mid-request,
 * timeouts. HTTP statuses are not errors here: each is counted and has its own latency. A run passes with no
 * errors, nothing unanswered and nothing left unsent.
 *
 * @param reconnects connections opened during the run to replace ones that closed (the server's choice, a
 *     timeout or an error)
 * @param seconds the measured period as it happened (from its first scheduled send to the last)
 * @param latencyMicros scheduled send time to the end of the response, every measured response
 * @param latencyByStatusMicros the same per status code
 * @param sendLagMicros scheduled to actual send time: what this generator added (the sending thread woke late or
 *     had to catch up); large values mean the generator, not the server, limits the run
 * @param server the server process's CPU and memory over the measured period, when its pid was given
 * @param generatorCpuSeconds this generator's own CPU time over the measured period (Linux), to tell how much of a
 *     shared machine the load itself took
 */
public record HttpLoadReport(
        String url,
        String method,
        int connections,
        double targetRate,
        double seconds,
        long warmupSent,
        long scheduled,
        long sent,
        long notSentBusy,
        long completed,
        long noResponse,
        long reconnects,
        Map<Integer, Histogram> latencyByStatusMicros,
        Histogram latencyMicros,
        Histogram sendLagMicros,
        Map<String, Long> errorsByKind,
        Optional<ServerUsage> server,
        OptionalDouble generatorCpuSeconds) {

    /** The server process over the measured period: CPU used, resident memory before and after, peak. */
    public record ServerUsage(long pid, double cpuSeconds, long rssKibBefore, long rssKibAfter, long peakRssKib) {}

    public long errors() {
        return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean passed() {
        return sent > 0 && errors() == 0 && noResponse == 0 && notSentBusy == 0;
    }

    public long count(int status) {
        Histogram histogram = latencyByStatusMicros.get(status);
        return histogram == null ? 0 : histogram.getTotalCount();
    }

    /** Responses with a 2xx status. */
    public long successes() {
        return latencyByStatusMicros.entrySet().stream()
                .filter(entry -> entry.getKey() / 100 == 2)
                .mapToLong(entry -> entry.getValue().getTotalCount())
                .sum();
    }

    public double achievedRate() {
        return seconds <= 0 ? 0 : completed / seconds;
    }

    public double successRate() {
        return seconds <= 0 ? 0 : successes() / seconds;
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double maxMillis(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    private static String percentiles(Histogram histogram) {
        return String.format(
                Locale.ROOT,
                "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f",
                millis(histogram, 50),
                millis(histogram, 90),
                millis(histogram, 99),
                millis(histogram, 99.9),
                maxMillis(histogram));
    }

    private static Map<String, Object> percentilesJson(Histogram histogram) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", millis(histogram, 50));
        latency.put("p90", millis(histogram, 90));
        latency.put("p99", millis(histogram, 99));
        latency.put("p99_9", millis(histogram, 99.9));
        latency.put("max", maxMillis(histogram));
        latency.put("mean", histogram.getTotalCount() == 0 ? 0 : histogram.getMean() / 1000.0);
        return latency;
    }

    public String human() {
        StringBuilder out = new StringBuilder();
        line(
                out,
                "rg-load-test http: %s %s, %d connections, %.1f requests/s target, %.1f s measured (%d warm-up"
                        + " requests before)",
                method,
                url,
                connections,
                targetRate,
                seconds,
                warmupSent);
        line(
                out,
                "scheduled %d, sent %d, not sent (all connections busy) %d, completed %d, no response %d, errors %d,"
                        + " reconnects %d, achieved %.1f/s (2xx %.1f/s)",
                scheduled,
                sent,
                notSentBusy,
                completed,
                noResponse,
                errors(),
                reconnects,
                achievedRate(),
                successRate());
        line(out, "latency ms (scheduled send to response): %s", percentiles(latencyMicros));
        latencyByStatusMicros.forEach((status, histogram) -> line(
                out, "  status %d: %d responses, ms %s", status, histogram.getTotalCount(), percentiles(histogram)));
        line(
                out,
                "send lag ms (scheduled to actual send, this generator's own delay): p50 %.3f  p99 %.3f  max %.3f",
                millis(sendLagMicros, 50),
                millis(sendLagMicros, 99),
                maxMillis(sendLagMicros));
        errorsByKind.forEach((kind, count) -> line(out, "  error %s: %d", kind, count));
        server.ifPresent(usage -> line(
                out,
                "server pid %d: %.2f s CPU (%.3f ms per completed request), RSS %.1f -> %.1f MiB, peak %.1f MiB",
                usage.pid(),
                usage.cpuSeconds(),
                completed == 0 ? 0 : usage.cpuSeconds() * 1000 / completed,
                usage.rssKibBefore() / 1024.0,
                usage.rssKibAfter() / 1024.0,
                usage.peakRssKib() / 1024.0));
        generatorCpuSeconds.ifPresent(cpu ->
                line(out, "generator: %.2f s CPU (%.3f ms per sent request)", cpu, sent == 0 ? 0 : cpu * 1000 / sent));
        out.append(passed() ? "PASS: every request sent and answered, no errors" : "FAIL: see above");
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }

    /** One JSON object on one line, for scripts: the last line of the output with {@code --json}. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", "http");
        root.put("url", url);
        root.put("method", method);
        root.put("connections", connections);
        root.put("target_rate", targetRate);
        root.put("seconds", seconds);
        root.put("warmup_sent", warmupSent);
        root.put("scheduled", scheduled);
        root.put("sent", sent);
        root.put("not_sent_busy", notSentBusy);
        root.put("completed", completed);
        root.put("no_response", noResponse);
        root.put("reconnects", reconnects);
        Map<String, Long> statusCounts = new LinkedHashMap<>();
        Map<String, Object> byStatus = new LinkedHashMap<>();
        latencyByStatusMicros.forEach((status, histogram) -> {
            statusCounts.put(status.toString(), histogram.getTotalCount());
            byStatus.put(status.toString(), percentilesJson(histogram));
        });
        root.put("status_counts", statusCounts);
        root.put("errors", errors());
        root.put("errors_by_kind", errorsByKind);
        root.put("achieved_rate", achievedRate());
        root.put("success_rate", successRate());
        root.put("latency_ms", percentilesJson(latencyMicros));
        root.put("latency_ms_by_status", byStatus);
        root.put("send_lag_ms", percentilesJson(sendLagMicros));
        server.ifPresent(usage -> {
            Map<String, Object> process = new LinkedHashMap<>();
            process.put("pid", usage.pid());
            process.put("cpu_seconds", usage.cpuSeconds());
            process.put("cpu_ms_per_request", completed == 0 ? 0 : usage.cpuSeconds() * 1000 / completed);
            process.put("rss_mib_before", usage.rssKibBefore() / 1024.0);
            process.put("rss_mib_after", usage.rssKibAfter() / 1024.0);
            process.put("peak_rss_mib", usage.peakRssKib() / 1024.0);
            root.put("server", process);
        });
        generatorCpuSeconds.ifPresent(cpu -> {
            Map<String, Object> generator = new LinkedHashMap<>();
            generator.put("cpu_seconds", cpu);
            generator.put("cpu_ms_per_request", sent == 0 ? 0 : cpu * 1000 / sent);
            root.put("generator", generator);
        });
        root.put("passed", passed());
        return JsonMapper.builder().build().writeValueAsString(root);
    }
}
