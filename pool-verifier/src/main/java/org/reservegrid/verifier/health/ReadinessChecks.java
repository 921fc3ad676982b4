package org.reservegrid.verifier.health;

import java.util.stream.Collectors;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.mempool.MempoolTracker;
import org.reservegrid.verifier.policy.PolicyProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ready when a policy is loaded and a mempool fetch succeeded within {@code VELDRA_MEMPOOL_STALE_SECS} (30 s by
 * default): the product promises a 503 otherwise.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck policyCheck(PolicyStore policies) {
        return ReadinessCheck.of("policy", () -> switch (policies.current()) {
            case PolicyStore.Loaded loaded ->
                CheckResult.up("policy version " + loaded.active().version() + " in force")
                        .with("version", loaded.active().version());
            case PolicyStore.NotLoaded notLoaded ->
                CheckResult.down(
                                "policy_not_loaded",
                                "policy not loaded from " + notLoaded.source() + ": "
                                        + notLoaded.problems().stream()
                                                .map(PolicyProblem::toString)
                                                .collect(Collectors.joining("; ")))
                        .with("version", null);
        });
    }

    @Bean
    ReadinessCheck mempoolCheck(MempoolTracker mempool, VerifierSettings settings) {
        return ReadinessCheck.of("mempool", () -> {
            MempoolTracker.Snapshot last = mempool.lastSnapshot();
            CheckResult result;
            if (mempool.healthy()) {
                result = CheckResult.up("mempool fetched from " + mempool.endpoint() + " within the staleness window");
            } else {
                String error = mempool.lastError();
                result = CheckResult.down(
                        "mempool_stale",
                        "no successful mempool fetch from " + mempool.endpoint() + " in the staleness window"
                                + (error == null ? "" : "; last error: " + error));
            }
            return result.with("endpoint", mempool.endpoint().toString())
                    .with("stale_after_secs", settings.mempoolStaleAfter().toMillis() / 1000.0)
                    .with(
                            "last_fetch_at",
                            last == null ? null : last.fetchedAt().toString());
        });
    }
}
