package org.reservegrid.auth.health;

import javax.sql.DataSource;
import org.reservegrid.auth.mail.Outbox;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ready while the account database answers (503 {@code database_unreachable} otherwise), with the outbox depth. The
 * answer is at most one second old ({@link DatabaseProbe}).
 */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    DatabaseProbe databaseProbe(DataSource dataSource, Outbox outbox) {
        return new DatabaseProbe(dataSource, outbox);
    }

    @Bean
    ReadinessCheck databaseCheck(DatabaseProbe probe) {
        return ReadinessCheck.of("database", probe::latest);
    }
}
