package org.reservegrid.verifier.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.testkit.time.MovableClock;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.support.Proposals;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** VELDRA_HISTORY_RETENTION_DAYS against a real H2 file database migrated by Flyway, with a clock the test moves. */
class VerdictHistoryRetentionTests {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private VerdictHistory history;

    @AfterEach
    void stop() throws InterruptedException {
        if (history != null) {
            history.destroy();
        }
    }

    private VerdictRepository repository(String name) {
        DriverManagerDataSource source = new DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + ";FILE_LOCK=FS", "sa", "");
        Flyway.configure().dataSource(source).load().migrate();
        return new VerdictRepository(
                new JdbcTemplate(source), new TransactionTemplate(new DataSourceTransactionManager(source)));
    }

    private static VerifierSettings settings(String retentionDays) {
        Map<String, String> env = new HashMap<>();
        if (retentionDays != null) {
            env.put(VerifierSettings.HISTORY_RETENTION_DAYS, retentionDays);
        }
        return VerifierSettings.from(new EnvConfig(env));
    }

    private static TemplateVerdict accepted(long requestId) {
        return TemplateVerdict.accept(requestId, VerdictContext.empty(FeeTier.HI, -1, 3));
    }

    private void recordAt(MovableClock clock, Instant at, long firstRequest, int count) throws InterruptedException {
        clock.set(at);
        for (long id = firstRequest; id < firstRequest + count; id++) {
            history.record("127.0.0.1:1", Proposals.passing(id), accepted(id), at);
        }
        assertThat(history.awaitFlushed(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void verdictsOlderThanTheRetentionAreDeletedAndNewerOnesKept() throws Exception {
        VerdictRepository repository = repository("retention");
        MovableClock clock = new MovableClock(START);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        history = new VerdictHistory(repository, settings("30"), clock, registry);

        recordAt(clock, START, 1, 25);
        recordAt(clock, START.plus(Duration.ofDays(20)), 100, 5);
        assertThat(repository.count()).isEqualTo(30);

        // Day 30 + 1 s: only the first 25 are past the 30 days.
        clock.set(START.plus(Duration.ofDays(30)).plusSeconds(1));
        assertThat(history.pruneExpired()).isEqualTo(25);
        assertThat(repository.count()).isEqualTo(5);
        assertThat(registry.get("rg.verifier.history.pruned").counter().count()).isEqualTo(25.0);
        // Nothing more is due until the newer ones age out too.
        assertThat(history.pruneExpired()).isZero();
        clock.set(START.plus(Duration.ofDays(51)));
        assertThat(history.pruneExpired()).isEqualTo(5);
        assertThat(repository.count()).isZero();
    }

    @Test
    void zeroDaysKeepsEverythingForever() throws Exception {
        VerdictRepository repository = repository("forever");
        MovableClock clock = new MovableClock(START);
        history = new VerdictHistory(repository, settings("0"), clock, new SimpleMeterRegistry());

        recordAt(clock, START, 1, 10);
        clock.set(START.plus(Duration.ofDays(10_000)));
        assertThat(history.pruneExpired()).isZero();
        assertThat(repository.count()).isEqualTo(10);
    }

    @Test
    void theDefaultIsThirtyDaysAndImpossibleValuesNameTheVariable() {
        assertThat(settings(null).historyRetention()).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> settings("-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(VerifierSettings.HISTORY_RETENTION_DAYS);
        assertThatThrownBy(() -> settings("a week"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(VerifierSettings.HISTORY_RETENTION_DAYS);
    }
}
