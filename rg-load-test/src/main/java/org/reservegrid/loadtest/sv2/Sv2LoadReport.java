package org.reservegrid.loadtest.sv2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.SubmitSharesErrorCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outcome of an SV2 load run. {@code drops} are shares sent without an answer by the end of the drain; errors are
 * failed connections, handshakes, refusals, unexpected closes and answers that do not add up. A run passes when
 * every connection reached an open channel with work, there are no errors and no drops, shares were sent (when a
 * rate was given), and, with valid shares, nothing but {@code stale-share} was rejected.
 */
public record Sv2LoadReport(
        Sv2LoadSettings config,
        Ramp ramp,
        Shares shares,
        long sent,
        long answered,
        long accepted,
        long successMessages,
        long skippedWithoutWork,
        Map<String, Long> rejectedByCode,
        Map<String, Long> errorsByKind,
        Histogram ackMicros,
        FanOut.Summary fanOut,
        Optional<GatewayMemory> memoryBefore,
        Optional<GatewayMemory> memoryAfterRamp,
        Optional<GatewayMemory> memoryAtEnd) {

    /**
     * The ramp-up.
     *
     * @param handshakeSeconds from the first connect to the last completed handshake
     * @param readySeconds from the first connect to the last channel with work
     * @param gatewayCpuSeconds CPU time (user + system) the gateway process used during the ramp, when its pid was
     *     given: on a machine shared with this client it tells the gateway's own cost per handshake
     */
    public record Ramp(
            int started,
            int handshakes,
            int channelsOpen,
            int channelsReady,
            double handshakeSeconds,
            double readySeconds,
            Histogram handshakeMicros,
            OptionalDouble gatewayCpuSeconds) {

        public double handshakesPerSecond() {
            return handshakeSeconds <= 0 ? 0 : handshakes / handshakeSeconds;
        }

        /** Gateway CPU milliseconds per completed handshake (channel opening and first job included). */
        public OptionalDouble gatewayCpuMillisPerHandshake() {
            return handshakes == 0 || gatewayCpuSeconds.isEmpty()
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(gatewayCpuSeconds.getAsDouble() * 1000 / handshakes);
        }
    }

    /** The share phase: how many shares the scheduler dispatched and the measured time after the warm-up. */
    public record Shares(long scheduled, double measuredSeconds) {
        static final Shares NONE = new Shares(0, 0);
    }

    public long drops() {
        return sent - answered;
    }

    public long errors() {
        return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejected() {
        return rejectedByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rejections that a valid share should never get (a stale share can always race a new block). */
    public long unexpectedRejections() {
        if (config.shareMode() != Sv2LoadSettings.ShareMode.VALID) {
            return 0;
        }
        return rejected() - rejectedByCode.getOrDefault(SubmitSharesErrorCode.STALE_SHARE.code(), 0L);
    }

    public boolean passed() {
        boolean sharesExpected = config.shareRate() > 0 && !config.duration().isZero();
        return ramp.channelsReady() == config.connections()
                && errors() == 0
                && drops() == 0
                && (!sharesExpected || sent > 0)
                && unexpectedRejections() == 0;
    }

    public double answeredPerSecond() {
        return shares.measuredSeconds() <= 0
                ? 0
                : answered / (shares.measuredSeconds() + config.warmup().toNanos() / 1e9);
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double maxMillis(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    public String human() {
        StringBuilder out = new StringBuilder();
        line(
                out,
                "rg-load-test sv2: %s:%d, %d connections, %s shares at %.1f/s, %.1f s measured (+%.1f s warm-up),"
                        + " hashrate %.0f h/s per channel, %d event-loop threads",
                config.host(),
                config.port(),
                config.connections(),
                config.shareMode().name().toLowerCase(Locale.ROOT),
                config.shareRate(),
                shares.measuredSeconds(),
                config.warmup().toNanos() / 1e9,
                config.hashrate(),
                config.eventLoopThreads());
        Histogram handshakes = ramp.handshakeMicros();
        line(
                out,
                "ramp: %d started, %d handshakes in %.2f s (%.0f handshakes/s), %d channels open, %d with work"
                        + " after %.2f s",
                ramp.started(),
                ramp.handshakes(),
                ramp.handshakeSeconds(),
                ramp.handshakesPerSecond(),
                ramp.channelsOpen(),
                ramp.channelsReady(),
                ramp.readySeconds());
        ramp.gatewayCpuMillisPerHandshake()
                .ifPresent(perHandshake -> line(
                        out,
                        "gateway CPU during the ramp: %.2f s, %.3f ms per handshake (about %.0f handshakes/s per core)",
                        ramp.gatewayCpuSeconds().getAsDouble(),
                        perHandshake,
                        1000 / perHandshake));
        line(
                out,
                "handshake ms (connect to handshake complete): p50 %.3f  p99 %.3f  max %.3f",
                millis(handshakes, 50),
                millis(handshakes, 99),
                maxMillis(handshakes));
        line(
                out,
                "shares: scheduled %d, sent %d, skipped without work %d, answered %d (accepted %d, rejected %d),"
                        + " drops %d, %d Success messages, answered %.1f/s",
                shares.scheduled(),
                sent,
                skippedWithoutWork,
                answered,
                accepted,
                rejected(),
                drops(),
                successMessages,
                answeredPerSecond());
        rejectedByCode.forEach((code, count) -> line(out, "  rejected %s: %d", code, count));
        line(
                out,
                "share-to-answer ms (scheduled send to answer): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f",
                millis(ackMicros, 50),
                millis(ackMicros, 90),
                millis(ackMicros, 99),
                millis(ackMicros, 99.9),
                maxMillis(ackMicros));
        if (fanOut.tips().isEmpty()) {
            line(out, "fan-out: no new chain tip during the run");
        } else {
            for (FanOut.Spread tip : fanOut.tips()) {
                line(
                        out,
                        "fan-out: tip %s reached %d channels, first to last %.3f ms%s",
                        shortHash(tip.prevHash()),
                        tip.channels(),
                        tip.firstToLastMicros() / 1000.0,
                        tip.duringRamp() ? " (during the ramp: not in the percentiles)" : "");
            }
            Histogram delays = fanOut.delayAfterFirstMicros();
            line(
                    out,
                    "fan-out ms after the first channel (tips after the ramp): p50 %.3f  p99 %.3f  max %.3f",
                    millis(delays, 50),
                    millis(delays, 99),
                    maxMillis(delays));
        }
        memoryAtEnd.ifPresentOrElse(
                end -> line(
                        out,
                        "gateway memory (VmRSS): before %s, after ramp %s, at end %.1f MiB; peak (VmHWM) %.1f MiB",
                        mib(memoryBefore),
                        mib(memoryAfterRamp),
                        end.rssMib(),
                        end.peakRssMib()),
                () -> {
                    if (config.gatewayPid().isPresent()) {
                        line(
                                out,
                                "gateway memory: /proc/%d/status not readable",
                                config.gatewayPid().getAsLong());
                    }
                });
        errorsByKind.forEach((kind, count) -> line(out, "  error %s: %d", kind, count));
        out.append(passed() ? "PASS: every channel opened, zero drops, zero errors" : "FAIL: " + failureSummary());
        return out.toString();
    }

    private String failureSummary() {
        List<String> reasons = new ArrayList<>();
        if (ramp.channelsReady() != config.connections()) {
            reasons.add(
                    ramp.channelsReady() + " of " + config.connections() + " connections reached a channel with work");
        }
        if (errors() > 0) {
            reasons.add(errors() + " errors");
        }
        if (drops() > 0) {
            reasons.add(drops() + " shares unanswered");
        }
        if (unexpectedRejections() > 0) {
            reasons.add(unexpectedRejections() + " valid shares rejected");
        }
        if (reasons.isEmpty()) {
            reasons.add("no shares sent");
        }
        return String.join(", ", reasons);
    }

    private static String mib(Optional<GatewayMemory> memory) {
        return memory.map(m -> String.format(Locale.ROOT, "%.1f MiB", m.rssMib()))
                .orElse("n/a");
    }

    private static String shortHash(U256 prevHash) {
        return DisplayHex.format(prevHash.bytes()).substring(0, 16) + "...";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }

    /** One JSON object on one line: the last line of the output with {@code --json}. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", "sv2");
        root.put("target", config.host() + ":" + config.port());
        root.put("connections", config.connections());
        root.put("share_mode", config.shareMode().name().toLowerCase(Locale.ROOT));
        root.put("target_rate", config.shareRate());
        root.put("seconds", shares.measuredSeconds());
        root.put("event_loop_threads", config.eventLoopThreads());
        Map<String, Object> rampJson = new LinkedHashMap<>();
        rampJson.put("started", ramp.started());
        rampJson.put("handshakes", ramp.handshakes());
        rampJson.put("channels_open", ramp.channelsOpen());
        rampJson.put("channels_ready", ramp.channelsReady());
        rampJson.put("handshake_seconds", ramp.handshakeSeconds());
        rampJson.put("handshakes_per_second", ramp.handshakesPerSecond());
        rampJson.put("ready_seconds", ramp.readySeconds());
        rampJson.put("handshake_ms", percentiles(ramp.handshakeMicros()));
        ramp.gatewayCpuSeconds().ifPresent(cpu -> rampJson.put("gateway_cpu_seconds", cpu));
        ramp.gatewayCpuMillisPerHandshake().ifPresent(ms -> rampJson.put("gateway_cpu_ms_per_handshake", ms));
        root.put("ramp", rampJson);
        root.put("scheduled", shares.scheduled());
        root.put("sent", sent);
        root.put("skipped_without_work", skippedWithoutWork);
        root.put("answered", answered);
        root.put("accepted", accepted);
        root.put("rejected", rejected());
        root.put("rejected_by_code", rejectedByCode);
        root.put("success_messages", successMessages);
        root.put("drops", drops());
        root.put("answered_per_second", answeredPerSecond());
        root.put("ack_latency_ms", percentiles(ackMicros));
        Map<String, Object> fanOutJson = new LinkedHashMap<>();
        List<Map<String, Object>> tips = new ArrayList<>();
        for (FanOut.Spread tip : fanOut.tips()) {
            Map<String, Object> tipJson = new LinkedHashMap<>();
            tipJson.put("channels", tip.channels());
            tipJson.put("first_to_last_ms", tip.firstToLastMicros() / 1000.0);
            tipJson.put("during_ramp", tip.duringRamp());
            tips.add(tipJson);
        }
        fanOutJson.put("tips", tips);
        fanOutJson.put("delay_after_first_ms", percentiles(fanOut.delayAfterFirstMicros()));
        root.put("fan_out", fanOutJson);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("before_kib", memoryBefore.map(GatewayMemory::rssKib).orElse(null));
        memory.put("after_ramp_kib", memoryAfterRamp.map(GatewayMemory::rssKib).orElse(null));
        memory.put("end_kib", memoryAtEnd.map(GatewayMemory::rssKib).orElse(null));
        memory.put("peak_kib", memoryAtEnd.map(GatewayMemory::peakRssKib).orElse(null));
        root.put("gateway_rss", memory);
        root.put("errors", errors());
        root.put("errors_by_kind", errorsByKind);
        root.put("passed", passed());
        return JsonMapper.builder().build().writeValueAsString(root);
    }

    private static Map<String, Object> percentiles(Histogram histogram) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("count", histogram.getTotalCount());
        values.put("p50", millis(histogram, 50));
        values.put("p90", millis(histogram, 90));
        values.put("p99", millis(histogram, 99));
        values.put("p99_9", millis(histogram, 99.9));
        values.put("max", maxMillis(histogram));
        return values;
    }
}
