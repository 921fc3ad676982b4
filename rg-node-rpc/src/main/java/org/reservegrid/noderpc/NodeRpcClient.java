package org.reservegrid.noderpc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 1.0 over HTTP to Bitcoin Core, bcoin or btcd. Every call has a deadline and a response size cap, and
 * every failure becomes a {@link NodeRpcException} with a {@link NodeErrorKind}; nothing here logs, so no
 * credential can reach a log line.
 */
public final class NodeRpcClient implements AutoCloseable {
    /** A 4 MWU block as hex in a template is about 8 MB; 64 MiB leaves room for verbose JSON and bounds memory. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_MESSAGE_CHARS = 200;

    private final ObjectMapper mapper;
    private final int maxResponseBytes;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    public NodeRpcClient(ObjectMapper mapper) {
        this(mapper, MAX_RESPONSE_BYTES);
    }

    NodeRpcClient(ObjectMapper mapper, int maxResponseBytes) {
        this.mapper = mapper;
        this.maxResponseBytes = maxResponseBytes;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(MAX_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Calls {@code method} and completes with its {@code result} (a {@code NullNode} for a JSON null), or
     * exceptionally with a {@link NodeRpcException}.
     */
    public CompletableFuture<JsonNode> call(NodeEndpoint endpoint, String method, ArrayNode params, Duration timeout) {
        ObjectNode request = mapper.createObjectNode();
        request.put("jsonrpc", "1.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        request.set("params", params);
        byte[] body = mapper.writeValueAsBytes(request);

        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        endpoint.basicAuthorization().ifPresent(value -> builder.header("Authorization", value));

        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = http.sendAsync(builder.build(), info -> new LimitedBodySubscriber(maxResponseBytes));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(
                    new NodeRpcException(NodeErrorKind.IO, method + " to " + endpoint + ": " + e.getMessage()));
        }
        // The request timeout covers the wait for headers; this one also bounds a body that trickles in.
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(translate(method, endpoint, error));
                return;
            }
            try {
                result.complete(interpret(method, endpoint, response));
            } catch (NodeRpcException e) {
                result.completeExceptionally(e);
            }
        });
        result.orTimeout(timeout.toMillis() + 250, TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            if (error instanceof TimeoutException) {
                exchange.cancel(true);
            }
        });
        CompletableFuture<JsonNode> answer = result.handle((value, error) -> {
                    if (error == null) {
                        return value;
                    }
                    Throwable cause = unwrap(error);
                    if (cause instanceof TimeoutException) {
                        throw new NodeRpcException(
                                NodeErrorKind.TIMEOUT,
                                method + " to " + endpoint + " timed out after " + timeout.toMillis() + " ms");
                    }
                    throw cause instanceof NodeRpcException known ? known : translate(method, endpoint, cause);
                })
                .toCompletableFuture();
        // A cancelled caller (a long poll dropped for a settings change, or shutdown) aborts the exchange too.
        answer.whenComplete((value, error) -> {
            if (error instanceof CancellationException) {
                exchange.cancel(true);
            }
        });
        return answer;
    }

    /** Blocking form of {@link #call} for the fetch loops, which run on their own (virtual) threads. */
    public JsonNode callBlocking(NodeEndpoint endpoint, String method, ArrayNode params, Duration timeout)
            throws InterruptedException {
        CompletableFuture<JsonNode> call = call(endpoint, method, params, timeout);
        try {
            return call.get();
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            throw cause instanceof NodeRpcException known ? known : translate(method, endpoint, cause);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
    }

    /**
     * {@code getblocktemplate {"rules":["segwit"]}}, optionally long-polling on {@code longPollId}. Blocking; the
     * result is the raw template object.
     */
    public JsonNode getBlockTemplate(NodeEndpoint endpoint, @Nullable String longPollId, Duration timeout)
            throws InterruptedException {
        ObjectNode request = mapper.createObjectNode();
        request.putArray("rules").add("segwit");
        if (longPollId != null) {
            request.put("longpollid", longPollId);
        }
        ArrayNode params = mapper.createArrayNode().add(request);
        JsonNode result = callBlocking(endpoint, "getblocktemplate", params, timeout);
        if (!result.isObject()) {
            throw new NodeRpcException(
                    NodeErrorKind.MALFORMED_RESPONSE, "getblocktemplate to " + endpoint + ": result is not an object");
        }
        return result;
    }

    public CompletableFuture<MempoolInfo> mempoolInfo(NodeEndpoint endpoint, Duration timeout) {
        return call(endpoint, "getmempoolinfo", mapper.createArrayNode(), timeout)
                .thenApply(result -> MempoolInfo.fromRpc(result, System.currentTimeMillis()));
    }

    /**
     * Relays a block. A JSON-RPC error from the node (malformed block) is its answer too, so it completes normally
     * with a rejection; only transport failures complete exceptionally.
     */
    public CompletableFuture<SubmitBlockResult> submitBlock(NodeEndpoint endpoint, String blockHex, Duration timeout) {
        ArrayNode params = mapper.createArrayNode().add(blockHex);
        return call(endpoint, "submitblock", params, timeout).handle((result, error) -> {
            if (error == null) {
                return SubmitBlockResult.fromAnswer(result);
            }
            Throwable cause = unwrap(error);
            if (cause instanceof NodeRpcException rpc && rpc.kind() == NodeErrorKind.RPC_ERROR) {
                return SubmitBlockResult.fromRpcError(rpc);
            }
            throw cause instanceof NodeRpcException rpc ? rpc : translate("submitblock", endpoint, cause);
        });
    }

    private JsonNode interpret(String method, NodeEndpoint endpoint, HttpResponse<byte[]> response) {
        return interpret(method, endpoint, response.statusCode(), response.body());
    }

    /**
     * The JSON-RPC result of a node's answer, or the {@link NodeRpcException} that says what is wrong with it.
     * Package-private for the fuzz target (NodeAnswerFuzzTests), which feeds it arbitrary bodies.
     */
    JsonNode interpret(String method, NodeEndpoint endpoint, int status, byte[] responseBody) {
        if (status == 401 || status == 403) {
            throw new NodeRpcException(
                    NodeErrorKind.UNAUTHORIZED,
                    method + " to " + endpoint + ": HTTP " + status
                            + " (check VELDRA_BITCOIND_RPC_USER and VELDRA_BITCOIND_RPC_PASS)");
        }
        JsonNode body;
        try {
            body = mapper.readTree(responseBody);
        } catch (JacksonException e) {
            if (status != 200) {
                throw new NodeRpcException(NodeErrorKind.HTTP_STATUS, method + " to " + endpoint + ": HTTP " + status);
            }
            throw new NodeRpcException(
                    NodeErrorKind.MALFORMED_RESPONSE, method + " to " + endpoint + ": answer is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new NodeRpcException(
                    status == 200 ? NodeErrorKind.MALFORMED_RESPONSE : NodeErrorKind.HTTP_STATUS,
                    method + " to " + endpoint + ": HTTP " + status + ", answer is not a JSON-RPC object");
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            Integer code =
                    error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
            String message = error.isObject() ? error.path("message").asString("") : error.toString();
            throw new NodeRpcException(
                    NodeErrorKind.RPC_ERROR,
                    method + " to " + endpoint + ": RPC error " + (code == null ? "" : code + " ") + printable(message),
                    code);
        }
        if (status != 200) {
            throw new NodeRpcException(NodeErrorKind.HTTP_STATUS, method + " to " + endpoint + ": HTTP " + status);
        }
        if (!body.has("result")) {
            throw new NodeRpcException(
                    NodeErrorKind.MALFORMED_RESPONSE, method + " to " + endpoint + ": answer has no result");
        }
        return body.get("result");
    }

    private static NodeRpcException translate(String method, NodeEndpoint endpoint, Throwable error) {
        Throwable cause = unwrap(error);
        String prefix = method + " to " + endpoint + ": ";
        return switch (cause) {
            case NodeRpcException known -> known;
            case HttpConnectTimeoutException e ->
                new NodeRpcException(NodeErrorKind.TIMEOUT, prefix + "connect timed out");
            case HttpTimeoutException e -> new NodeRpcException(NodeErrorKind.TIMEOUT, prefix + "timed out");
            case TimeoutException e -> new NodeRpcException(NodeErrorKind.TIMEOUT, prefix + "timed out");
            // The JDK reports a connect that ran out of time (its connect timer, or the request timeout firing
            // before the connection was up) as a ConnectException too; only a refused connect is a refusal.
            case ConnectException e
            when timedOut(e) -> new NodeRpcException(NodeErrorKind.TIMEOUT, prefix + "connect timed out");
            case ConnectException e ->
                new NodeRpcException(NodeErrorKind.CONNECTION_REFUSED, prefix + "connection refused");
            case UnresolvedAddressException e -> new NodeRpcException(NodeErrorKind.IO, prefix + "unresolved address");
            case CancellationException e -> new NodeRpcException(NodeErrorKind.IO, prefix + "cancelled");
            case IOException e ->
                new NodeRpcException(NodeErrorKind.IO, prefix + printable(String.valueOf(e.getMessage())));
            default ->
                new NodeRpcException(NodeErrorKind.IO, prefix + cause.getClass().getSimpleName());
        };
    }

    private static boolean timedOut(ConnectException error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof HttpTimeoutException
                    || String.valueOf(current.getMessage()).contains("timed out")) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        // The JDK client reports a refused connection as an IOException wrapping a ConnectException.
        if (current instanceof IOException && current.getCause() instanceof ConnectException connect) {
            return connect;
        }
        return current;
    }

    /** Node messages go into logs: keep them short and printable. */
    static String printable(String message) {
        StringBuilder clean = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS));
        for (int i = 0; i < message.length() && clean.length() < MAX_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            clean.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return clean.toString();
    }

    /** Aborts calls still running (an open long poll would otherwise hold shutdown until the node answers). */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
