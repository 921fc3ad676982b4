package org.reservegrid.templates.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reservegrid.spring.api.ApiException;
import org.reservegrid.templates.TemplateManagerSettings;
import org.reservegrid.templates.settings.InvalidSettingsException;
import org.reservegrid.templates.settings.RuntimeSettings;
import org.reservegrid.templates.settings.SettingsStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET/PUT /api/settings}. Credentials are write-only: the answer says whether they are set, never what they
 * are. A PUT is a partial update validated as a whole; any bad or unknown field is a 400 and changes nothing.
 */
@RestController
class SettingsController {
    private final SettingsStore settings;
    private final TemplateManagerSettings config;
    private final JsonMapper mapper;

    SettingsController(SettingsStore settings, TemplateManagerSettings config, JsonMapper mapper) {
        this.settings = settings;
        this.config = config;
        this.mapper = mapper;
    }

    @GetMapping("/api/settings")
    ResponseEntity<Map<String, Object>> get() {
        return ok(settings.current());
    }

    /** The body is read as JSON text whatever its content type. */
    @PutMapping("/api/settings")
    Mono<ResponseEntity<Map<String, Object>>> put(@RequestBody(required = false) Mono<String> body) {
        return body.defaultIfEmpty("").map(text -> {
            JsonNode json;
            try {
                json = mapper.readTree(text);
            } catch (JacksonException e) {
                throw ApiException.badRequest("malformed_request", "the body is not valid JSON");
            }
            try {
                return ok(settings.update(json));
            } catch (InvalidSettingsException e) {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "invalid_settings",
                        "settings unchanged: " + e.getMessage(),
                        Map.of("problems", e.problems()));
            }
        });
    }

    private ResponseEntity<Map<String, Object>> ok(RuntimeSettings current) {
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
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
