package org.reservegrid.dashboard.health;

import org.reservegrid.dashboard.proxy.Backend;
import org.reservegrid.dashboard.proxy.Backends;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ready while rg-auth answers {@code /ready}: without it nobody can log in. The other services are listed as detail
 * only; the dashboard still serves (and reports) what is up while one is down.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck authCheck(BackendProbe probe, Backends backends) {
        return ReadinessCheck.of("auth", () -> {
            String auth = probe.state(Backends.AUTH);
            CheckResult result = CheckResult.of(
                    auth.equals("ready"),
                    "rg-auth is ready",
                    "auth_unavailable",
                    "rg-auth at " + backends.auth().baseUrl() + " is " + auth);
            for (Backend backend : backends.all()) {
                result = result.with(backend.name().replace('-', '_'), probe.state(backend.name()));
            }
            return result;
        });
    }
}
