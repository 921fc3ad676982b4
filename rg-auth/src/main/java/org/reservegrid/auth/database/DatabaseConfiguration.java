package org.reservegrid.auth.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.common.secret.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The account database. By default an H2 file under {@code VELDRA_DATA_DIR/auth} in PostgreSQL mode, so a first
 * run needs no set-up; with {@code VELDRA_AUTH_DATABASE_URL} a PostgreSQL server. The same Flyway migrations
 * (Boot's auto-configuration, {@code db/migration}) serve both, so they use only SQL both understand.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    HikariDataSource authDataSource(AuthSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("auth");
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(2);
        // A request waits at most this long for a connection; readiness reports the outage meanwhile.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        // Start even when the database is down: readiness answers 503 until it is reachable, Flyway fails loudly.
        config.setInitializationFailTimeout(-1);
        if (settings.databaseUrl().isPresent()) {
            PostgresUrl url = PostgresUrl.parse(settings.databaseUrl().get());
            config.setJdbcUrl(url.jdbcUrl());
            url.user().ifPresent(config::setUsername);
            url.password().map(Secret::reveal).ifPresent(config::setPassword);
            log.info("accounts are stored in PostgreSQL at {}", url.location());
        } else {
            Path dir = settings.dataDir().toAbsolutePath().resolve("auth");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the account database directory " + dir, e);
            }
            config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("accounts")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;FILE_LOCK=FS;WRITE_DELAY=0");
            config.setUsername("sa");
            config.setPassword("");
            log.info("accounts are stored in the embedded database under {}", dir);
        }
        return new HikariDataSource(config);
    }
}
