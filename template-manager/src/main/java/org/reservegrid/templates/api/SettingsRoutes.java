package org.reservegrid.templates.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reservegrid.spring.api.ApiErrors;
import org.reservegrid.templates.TemplateManagerSettings;
import org.reservegrid.templates.settings.InvalidSettingsException;
import org.reservegrid.templates.settings.RuntimeSettings;
import org.reservegrid.templates.settings.SettingsStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code GET/PUT /api/settings}. Credentials are write-only: the answer says whether they are set, never what they
 * are. A PUT is a partial update validated as a whole; any bad or unknown field is a 400 and changes nothing.
 */
final class SettingsRoutes {
    private final SettingsStore settings;
    private final TemplateManagerSettings config;
    private final ObjectMapper mapper;

    SettingsRoutes(SettingsStore settings, TemplateManagerSettings config, ObjectMapper mapper) {
        this.settings = settings;
        this.config = config;
        this.mapper = mapper;
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return ok(settings.current());
    }

    Mono<ServerResponse> put(ServerRequest request) {
        return request.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
            JsonNode json;
            try {
                json = mapper.readTree(body);
            } catch (JacksonException e) {
                return ApiErrors.error(HttpStatus.BAD_REQUEST, "malformed_request", "the body is not valid JSON");
            }
            try {
                return ok(settings.update(json));
            } catch (InvalidSettingsException e) {
                return ApiErrors.error(
                        HttpStatus.BAD_REQUEST,
                        "invalid_settings",
                        "settings unchanged: " + e.getMessage(),
                        Map.of("problems", e.problems()));
            }
        });
    }

    private Mono<ServerResponse> ok(RuntimeSettings current) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rpc_url", current.node().url().toString());
        body.put("rpc_user_set", current.node().user() != null);
        body.put("rpc_pass_set", current.node().password() != null);
        body.put("poll_interval_secs", seconds(current.pollInterval()));
        body.put("longpoll", current.longPoll());
        body.put("longpoll_timeout_secs", seconds(current.longPollTimeout()));
        body.put("rpc_timeout_secs", seconds(current.rpcTimeout()));
        body.put("refresh_secs", seconds(current.refreshInterval()));
        body.put("verdict_timeout_secs", seconds(current.verdictTimeout()));
        Map<String, Object> readOnly = new LinkedHashMap<>();
        InetSocketAddress verifier = config.verifierAddress();
        readOnly.put("verifier_addr", verifier.getHostString() + ":" + verifier.getPort());
        readOnly.put("zmq_endpoint", config.zmqEndpoint());
        readOnly.put("protocol_version", config.protocolVersion());
        readOnly.put("coinbase_sigops", config.coinbaseSigops());
        readOnly.put("history", config.history());
        body.put("read_only", readOnly);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
