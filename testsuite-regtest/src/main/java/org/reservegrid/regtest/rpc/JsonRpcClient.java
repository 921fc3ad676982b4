package org.reservegrid.regtest.rpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bitcoind-style JSON-RPC 1.0 client over HTTP with basic authentication, as bcoin and btcd both serve it.
 *
 * <p>Both nodes answer an RPC error with a non-2xx status and a JSON body, so the body is read whatever the status.
 */
public final class JsonRpcClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    public JsonRpcClient(URI endpoint, String user, String password, Duration timeout) {
        this.endpoint = endpoint;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Calls {@code method} with positional parameters and returns its {@code result} (JSON null included). */
    public JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode()
                .put("jsonrpc", "1.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", JSON.valueToTree(List.of(params)));
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RpcUnavailableException(method + ": " + endpoint + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcUnavailableException(method + ": interrupted", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new RpcUnavailableException(
                    method + ": HTTP " + response.statusCode() + " without a JSON-RPC body: "
                            + abbreviate(response.body()),
                    e);
        }
        JsonNode error = body.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new RpcException(
                    method, error.path("code").asInt(), error.path("message").asString());
        }
        if (!body.has("result")) {
            throw new RpcUnavailableException(
                    method + ": HTTP " + response.statusCode() + " without a result: " + abbreviate(response.body()));
        }
        return body.get("result");
    }

    /** True when the endpoint answers {@code method} without error. */
    public boolean answers(String method) {
        try {
            call(method);
            return true;
        } catch (RpcUnavailableException | RpcException e) {
            return false;
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
