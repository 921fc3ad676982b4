package org.reservegrid.auth.health;

import javax.sql.DataSource;
import org.reservegrid.auth.mail.Outbox;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Ready while the account database answers (503 {@code database_unreachable} otherwise), with the outbox depth. */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck databaseCheck(DataSource dataSource, Outbox outbox) {
        return ReadinessCheck.of("database", () -> {
            try (var connection = dataSource.getConnection()) {
                if (!connection.isValid(1)) {
                    return CheckResult.down("database_unreachable", "the account database does not answer");
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                return CheckResult.down(
                        "database_unreachable",
                        "the account database is unreachable: " + e.getClass().getSimpleName());
            }
            try {
                return CheckResult.up("the account database answers").with("emails_queued", outbox.queued());
            } catch (RuntimeException e) {
                return CheckResult.down(
                        "database_unreachable",
                        "the account database is unreachable: " + e.getClass().getSimpleName());
            }
        });
    }
}
