package org.reservegrid.spring.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: 200 while the process answers HTTP, {@code {"status": "up", "service", "uptime_secs"}}.
 * {@code GET /ready}: 200 when every {@link ReadinessCheck} is up, 503 otherwise, with
 * {@code {"status": "ready"|"not_ready", "ready", "service", "checks": {name: {"status": "up"|"down", "reason",
 * "detail", ...attributes}}, "reasons": ["reason: detail", ...]}}. A check that throws counts as down
 * ({@code check_failed}) instead of turning the answer into a 500.
 */
@RestController
public final class HealthController {
    private static final Logger log = LoggerFactory.getLogger(HealthController.class);

    private final String service;
    private final List<ReadinessCheck> checks;
    private final Clock clock;
    private final long startedAtMillis;

    public HealthController(String service, List<ReadinessCheck> checks, Clock clock) {
        Set<String> names = new HashSet<>();
        for (ReadinessCheck check : checks) {
            if (!names.add(check.name())) {
                throw new IllegalStateException("two readiness checks are named '" + check.name() + "'");
            }
        }
        this.service = service;
        this.checks = List.copyOf(checks);
        this.clock = clock;
        this.startedAtMillis = clock.millis();
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("service", service);
        body.put("uptime_secs", (clock.millis() - startedAtMillis) / 1000);
        return body;
    }

    @GetMapping(path = "/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> ready() {
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            CheckResult result = run(check);
            Map<String, @Nullable Object> entry = new LinkedHashMap<>();
            entry.put("status", result.up() ? "up" : "down");
            if (result.reason() != null) {
                entry.put("reason", result.reason());
                reasons.add(result.reason() + ": " + result.detail());
            }
            entry.put("detail", result.detail());
            entry.putAll(result.attributes());
            results.put(check.name(), entry);
        }
        boolean ready = reasons.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not_ready");
        body.put("ready", ready);
        body.put("service", service);
        body.put("checks", results);
        body.put("reasons", reasons);
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    /** Whether every check is up right now: what {@code /ready} answers 200 for (the {@code rg_ready} gauge). */
    public boolean isReady() {
        for (ReadinessCheck check : checks) {
            if (!run(check).up()) {
                return false;
            }
        }
        return true;
    }

    private static CheckResult run(ReadinessCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            log.warn("readiness check '{}' failed", check.name(), e);
            return CheckResult.down("check_failed", "the " + check.name() + " check failed: " + e);
        }
    }
}
