package org.reservegrid.templates.health;

import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.reservegrid.templates.template.NodeHealth;
import org.reservegrid.templates.verifier.VerifierClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Ready while the last getblocktemplate call succeeded and the verifier connection is up. */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck nodeCheck(NodeHealth node) {
        return ReadinessCheck.of("node", () -> {
            boolean up = node.up();
            long lastSuccess = node.lastSuccessMillis();
            return CheckResult.of(up, "the last getblocktemplate call succeeded", "node_unreachable", node.problem())
                    .with("up", up)
                    .with("last_success_at", lastSuccess == 0 ? null : lastSuccess);
        });
    }

    @Bean
    ReadinessCheck verifierCheck(VerifierClient verifier) {
        String address =
                verifier.address().getHostString() + ":" + verifier.address().getPort();
        return ReadinessCheck.of("verifier", () -> {
            boolean connected = verifier.connected();
            return CheckResult.of(connected, "connected to the verifier", "verifier_unreachable", verifier.problem())
                    .with("connected", connected)
                    .with("addr", address);
        });
    }
}
