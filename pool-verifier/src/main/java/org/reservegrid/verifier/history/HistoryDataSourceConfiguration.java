package org.reservegrid.verifier.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reservegrid.verifier.config.VerifierSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The history database: an H2 file under {@code VELDRA_DATA_DIR/history}. {@code WRITE_DELAY=0} makes every
 * committed batch reach the file at commit, so a killed process keeps all committed batches;
 * {@code FILE_LOCK=FS} uses an OS lock that dies with the process, so a restart after a hard kill does not wait
 * for a stale lock file. Flyway (Boot's auto-configuration) migrates it at start-up.
 */
@Configuration(proxyBeanMethods = false)
public class HistoryDataSourceConfiguration {

    @Bean(destroyMethod = "close")
    HikariDataSource historyDataSource(VerifierSettings settings) {
        Path dir = settings.dataDir().toAbsolutePath().resolve("history");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the history directory " + dir, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("history");
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("verdicts") + ";FILE_LOCK=FS;WRITE_DELAY=0");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }
}
