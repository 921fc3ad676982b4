package org.reservegrid.auth.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.mail.Outbox;
import org.reservegrid.spring.health.CheckResult;
import org.springframework.context.SmartLifecycle;

/**
 * Asks the database once a second, on its own thread, and keeps the answer: a readiness check must never block the
 * HTTP event loop, and during an outage asking would take the pool's whole connection timeout.
 */
final class DatabaseProbe implements SmartLifecycle {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final Outbox outbox;
    private volatile CheckResult latest = CheckResult.down("database_unreachable", "not checked yet");
    private @Nullable ScheduledExecutorService executor;

    DatabaseProbe(DataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    CheckResult latest() {
        return latest;
    }

    /** One probe; also run once at start so that readiness is right from the first request. */
    void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                latest = CheckResult.down("database_unreachable", "the account database does not answer");
                return;
            }
            latest = CheckResult.up("the account database answers").with("emails_queued", outbox.queued());
        } catch (SQLException | RuntimeException e) {
            latest = CheckResult.down(
                    "database_unreachable",
                    "the account database is unreachable: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        probe();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("auth-db-probe").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(this::probe, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        executor = scheduler;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = executor;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
