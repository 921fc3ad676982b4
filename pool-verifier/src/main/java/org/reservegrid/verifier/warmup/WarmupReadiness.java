package org.reservegrid.verifier.warmup;

import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code warmup} readiness check: {@code /ready} stays 503 {@code warming_up} until the warm-up finished. */
@Configuration(proxyBeanMethods = false)
class WarmupReadiness {
    @Bean
    ReadinessCheck warmupCheck(Warmup warmup) {
        return warmup.readiness();
    }
}
