package org.reservegrid.verifier.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.mempool.MempoolTracker;
import org.reservegrid.verifier.policy.PolicyProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness, readiness and Prometheus metrics. */
@RestController
class HealthController {
    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final PolicyStore policies;
    private final MempoolTracker mempool;
    private final PrometheusMeterRegistry prometheus;

    HealthController(PolicyStore policies, MempoolTracker mempool, PrometheusMeterRegistry prometheus) {
        this.policies = policies;
        this.mempool = mempool;
        this.prometheus = prometheus;
    }

    record Health(String status) {}

    record FailingCheck(String check, String message) {}

    record Readiness(boolean ready, List<FailingCheck> failing) {}

    /** The process is up and serving HTTP. */
    @GetMapping("/health")
    Health health() {
        return new Health("up");
    }

    /** Ready when a policy is loaded and a mempool fetch succeeded within the staleness window (30 s). */
    @GetMapping("/ready")
    ResponseEntity<Readiness> ready() {
        List<FailingCheck> failing = new ArrayList<>(2);
        if (policies.current() instanceof PolicyStore.NotLoaded notLoaded) {
            failing.add(new FailingCheck(
                    "policy",
                    "policy not loaded from " + notLoaded.source() + ": "
                            + notLoaded.problems().stream()
                                    .map(PolicyProblem::toString)
                                    .collect(Collectors.joining("; "))));
        }
        if (!mempool.healthy()) {
            String error = mempool.lastError();
            failing.add(new FailingCheck(
                    "mempool",
                    "no successful mempool fetch from " + mempool.endpoint() + " in the staleness window"
                            + (error == null ? "" : "; last error: " + error)));
        }
        Readiness readiness = new Readiness(failing.isEmpty(), failing);
        return ResponseEntity.status(failing.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(readiness);
    }

    /** Prometheus text exposition of every meter. */
    @GetMapping("/metrics")
    ResponseEntity<String> metrics() {
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(prometheus.scrape());
    }
}
