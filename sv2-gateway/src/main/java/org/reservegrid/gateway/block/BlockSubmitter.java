package org.reservegrid.gateway.block;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.retry.Backoff;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends found blocks to template-manager's {@code POST /api/submit-block} and records the node's answer. A block is
 * worth retrying: when template-manager cannot be reached (or answers 5xx) the submission is retried with backoff
 * a few times before it is recorded as {@code error}. Never blocks the caller.
 */
public final class BlockSubmitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockSubmitter.class);
    /** Retries of one block, after which it is recorded as {@code error}. */
    private static final int MAX_RETRIES = 4;

    private static final Backoff RETRY_DELAYS =
            Backoff.steps(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10));
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final HttpClient http;
    private final JsonMapper mapper;
    private final BlockStore store;
    private final GatewayMetrics metrics;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("block-submit-retry").daemon(true).factory());

    public BlockSubmitter(URI templateManager, JsonMapper mapper, BlockStore store, GatewayMetrics metrics) {
        this.endpoint = URI.create(templateManager + "/api/submit-block");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.mapper = mapper;
        this.store = store;
        this.metrics = metrics;
    }

    /** Records {@code block} as pending and submits {@code serialized}; the answer updates the store. */
    public CompletableFuture<FoundBlock> submit(FoundBlock block, byte[] serialized) {
        store.put(block);
        log.info(
                "block found at height {} by channel {} ({}): {} ({} bytes), submitting",
                block.height(),
                block.channelId(),
                block.userIdentity(),
                block.hash(),
                serialized.length);
        String body = mapper.writeValueAsString(Map.of("hex", HexFormat.of().formatHex(serialized)));
        CompletableFuture<FoundBlock> done = new CompletableFuture<>();
        attempt(block, body, 0, done);
        return done;
    }

    private void attempt(FoundBlock block, String body, int attempt, CompletableFuture<FoundBlock> done) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            String problem;
            if (error != null) {
                problem = "template-manager unreachable: " + error.getClass().getSimpleName();
            } else if (response.statusCode() >= 500) {
                problem = "template-manager answered " + response.statusCode() + ": " + errorCode(response.body());
            } else {
                finish(block, answer(response), done);
                return;
            }
            if (attempt < MAX_RETRIES) {
                long delayMillis = RETRY_DELAYS.delay(attempt).toMillis();
                log.warn("block {}: {}; retrying in {} ms", block.hash(), problem, delayMillis);
                retries.schedule(() -> attempt(block, body, attempt + 1, done), delayMillis, TimeUnit.MILLISECONDS);
            } else {
                finish(block, new Answer("error", problem, null), done);
            }
        });
    }

    /** template-manager's answer: its submitblock result, the node's reason and its verbatim answer. */
    private record Answer(
            String result,
            @Nullable String reason,
            @Nullable String nodeAnswer) {}

    private Answer answer(HttpResponse<String> response) {
        JsonNode json;
        try {
            json = mapper.readTree(response.body());
        } catch (JacksonException e) {
            json = null;
        }
        if (response.statusCode() != 200 || json == null || !json.has("result")) {
            return new Answer(
                    "error",
                    "template-manager answered " + response.statusCode() + ": " + errorCode(response.body()),
                    null);
        }
        return new Answer(text(json, "result"), textOrNull(json, "reason"), textOrNull(json, "node_answer"));
    }

    private void finish(FoundBlock block, Answer answer, CompletableFuture<FoundBlock> done) {
        FoundBlock result =
                block.answered(answer.result(), answer.reason(), answer.nodeAnswer(), System.currentTimeMillis());
        // Counted before it is visible, so whoever reads the answer at /api/blocks finds it counted in /metrics too.
        metrics.block(result.result());
        store.put(result);
        if ("accepted".equals(result.result())) {
            log.info("block {} at height {} accepted by the node", result.hash(), result.height());
        } else {
            log.warn(
                    "block {} at height {}: {}{}",
                    result.hash(),
                    result.height(),
                    result.result(),
                    result.reason() == null ? "" : " (" + result.reason() + ")");
        }
        done.complete(result);
    }

    private String errorCode(String body) {
        try {
            JsonNode json = mapper.readTree(body);
            String error = json == null ? null : textOrNull(json, "error");
            String message = json == null ? null : textOrNull(json, "message");
            if (error != null) {
                return message == null ? error : error + " (" + message + ")";
            }
        } catch (JacksonException e) {
            // Not JSON: report its length only.
        }
        return "a " + body.length() + "-character body";
    }

    private static String text(JsonNode json, String field) {
        String value = textOrNull(json, field);
        return value == null ? "error" : value;
    }

    private static @Nullable String textOrNull(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
