package org.reservegrid.verifier.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.spring.api.ApiException;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.history.VerdictHistory;
import org.reservegrid.verifier.history.VerdictQuery;
import org.reservegrid.verifier.history.VerdictRecord;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Verdict history: recent verdicts, one verdict, and bulk export. */
@RestController
class VerdictsController {
    private static final int DEFAULT_LIMIT = 100;
    private static final int EXPORT_PAGE = 1000;
    static final String CSV_HEADER = "id,recorded_at,peer,request_id,accepted,reason_code,reasons,height,prev_hash,"
            + "curtime,coinbase_value,tier,mempool_tx_count,policy_version,policy_hash,evaluation_micros,tx_count,"
            + "total_fees,avg_fee,weight,weight_ratio,sigops,coinbase_sigops,template_age_secs\n";

    private final VerdictHistory history;
    private final PolicyStore policies;
    private final JsonMapper json;

    VerdictsController(VerdictHistory history, PolicyStore policies, JsonMapper json) {
        this.history = history;
        this.policies = policies;
        this.json = json;
    }

    record VerdictPage(int count, List<VerdictJson.Recorded> verdicts) {}

    /**
     * Newest verdicts first; {@code reason} is a reason code, {@code accepted} or {@code rejected}; {@code since} unix
     * s or ISO; {@code before} an id, for the next page back (the last id of the previous page).
     */
    @GetMapping("/api/verdicts")
    Mono<VerdictPage> verdicts(
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String since,
            @RequestParam(required = false) @Nullable String before) {
        VerdictQuery query = QueryParams.verdictQuery(limit, DEFAULT_LIMIT, reason, since, before);
        return Mono.fromCallable(
                        () -> history.newest(query).stream().map(this::recorded).toList())
                .subscribeOn(Schedulers.boundedElastic())
                .map(list -> new VerdictPage(list.size(), list));
    }

    @GetMapping("/api/verdicts/{id}")
    Mono<VerdictJson.Recorded> verdict(@PathVariable String id) {
        long parsed = QueryParams.longParam("id", id, 1, Long.MAX_VALUE);
        return Mono.fromCallable(() -> history.byId(parsed))
                .subscribeOn(Schedulers.boundedElastic())
                .map(found -> found.map(this::recorded)
                        .orElseThrow(() ->
                                new ApiException(HttpStatus.NOT_FOUND, "not_found", "no verdict with id " + parsed)));
    }

    /**
     * Every persisted verdict (oldest first) as CSV or JSON lines, optionally filtered like {@code /api/verdicts}.
     * Waits up to 2 s for the history queue to be written first, so recent verdicts are included.
     */
    @GetMapping("/api/export/verdicts")
    Mono<Void> export(
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String since,
            ServerHttpResponse response) {
        String chosen = format == null ? "csv" : format.toLowerCase(Locale.ROOT);
        if (!chosen.equals("csv") && !chosen.equals("jsonl")) {
            throw ApiException.badRequest("invalid_parameter", "format must be csv or jsonl, got '" + format + "'");
        }
        boolean csv = chosen.equals("csv");
        VerdictQuery filter = new VerdictQuery(1, QueryParams.outcome(reason), QueryParams.instant("since", since));
        response.getHeaders()
                .setContentType(
                        csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.APPLICATION_NDJSON);
        response.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"verdicts." + chosen + "\"");
        DataBufferFactory buffers = response.bufferFactory();
        Flux<DataBuffer> header = csv ? Flux.just(wrap(buffers, CSV_HEADER)) : Flux.empty();
        Flux<DataBuffer> rows = Mono.fromCallable(() -> history.awaitFlushed(Duration.ofSeconds(2)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(flushed -> pages(filter, 0))
                .map(record -> wrap(buffers, csv ? csvLine(record) : jsonLine(record)));
        return response.writeWith(Flux.concat(header, rows));
    }

    private Flux<VerdictRecord> pages(VerdictQuery filter, long afterId) {
        return Mono.fromCallable(() -> history.persistedPage(filter, afterId, EXPORT_PAGE))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(page -> {
                    Flux<VerdictRecord> current = Flux.fromIterable(page);
                    return page.size() < EXPORT_PAGE
                            ? current
                            : current.concatWith(Flux.defer(
                                    () -> pages(filter, page.getLast().id())));
                });
    }

    private String jsonLine(VerdictRecord record) {
        return json.writeValueAsString(recorded(record)) + "\n";
    }

    private VerdictJson.Recorded recorded(VerdictRecord record) {
        return VerdictJson.Recorded.of(record, policies::judgedBy);
    }

    static String csvLine(VerdictRecord record) {
        VerdictContext context = record.verdict().context();
        VerdictContext.Measured measured = context.measured();
        VerdictReason reasonCode = record.verdict().reasonCode();
        return String.join(
                        ",",
                        Long.toString(record.id()),
                        record.recordedAt().toString(),
                        csvField(record.peer()),
                        Long.toString(record.verdict().requestId()),
                        Boolean.toString(record.verdict().accepted()),
                        reasonCode == null ? "" : reasonCode.text(),
                        record.verdict().reasons().stream()
                                .map(VerdictReason::text)
                                .collect(Collectors.joining(";")),
                        Long.toString(record.height()),
                        csvField(record.prevHash()),
                        Long.toString(record.curtime()),
                        Long.toString(record.coinbaseValue()),
                        context.tier().text(),
                        Long.toString(context.mempoolTxCount()),
                        Long.toString(context.policyVersion()),
                        context.policyHash(),
                        Long.toString(context.evaluationMicros()),
                        Long.toString(measured.txCount()),
                        Long.toString(measured.totalFees()),
                        Double.toString(measured.avgFee()),
                        Long.toString(measured.weight()),
                        Double.toString(measured.weightRatio()),
                        Long.toString(measured.sigops()),
                        Long.toString(measured.coinbaseSigops()),
                        Long.toString(measured.templateAgeSecs()))
                + "\n";
    }

    /** RFC 4180 quoting; a leading formula character is neutralized so spreadsheets do not evaluate it. */
    static String csvField(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static DataBuffer wrap(DataBufferFactory buffers, String text) {
        return buffers.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
