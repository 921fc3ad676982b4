package org.reservegrid.auth.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends the outbox, oldest first, on one thread. A temporary failure retries with exponential backoff (5 s doubling
 * to 15 min, with jitter); an email still unsent after {@link #GIVE_UP_AFTER} attempts, or refused permanently, is
 * marked failed and counted. A database outage pauses sending; nothing is lost because every state change is a
 * committed row.
 */
public final class OutboxWorker implements SmartLifecycle {
    /** About 3 days of attempts at the 15-minute ceiling. */
    static final int GIVE_UP_AFTER = 300;

    private static final Duration IDLE_POLL = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

    private final Outbox outbox;
    private final MailTransport transport;
    private final Clock clock;
    private final Backoff backoff = Backoff.exponential(Duration.ofSeconds(5), Duration.ofMinutes(15))
            .withAddedJitter(0.2, ThreadLocalRandom.current());
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Counter sent;
    private final Counter failedAttempts;
    private final Counter givenUp;
    private final AtomicLong queued = new AtomicLong();
    private boolean woken;
    private volatile boolean running;
    private @Nullable Thread thread;

    OutboxWorker(Outbox outbox, MailTransport transport, Clock clock, MeterRegistry registry) {
        this.outbox = outbox;
        this.transport = transport;
        this.clock = clock;
        this.sent = Counter.builder("rg_auth_emails_sent_total")
                .description("Emails handed to the mail server")
                .register(registry);
        this.failedAttempts = Counter.builder("rg_auth_email_send_failures_total")
                .description("Failed send attempts; the email stays queued unless given up")
                .register(registry);
        this.givenUp = Counter.builder("rg_auth_emails_failed_total")
                .description("Emails given up after a permanent refusal or too many attempts")
                .register(registry);
        Gauge.builder("rg_auth_emails_queued", queued, AtomicLong::get)
                .description("Emails in the outbox waiting to be sent")
                .register(registry);
    }

    /** A flow committed an email: send it now instead of at the next poll. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread worker = Thread.ofPlatform().name("auth-outbox").daemon(true).unstarted(this::run);
        thread = worker;
        worker.start();
        log.info("emails go to {}", transport.describe());
    }

    @Override
    public void stop() {
        running = false;
        wake();
        Thread worker = thread;
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops after the default phase (the email-request worker), so a link that worker has just queued is still sent;
     * what is left unsent stays in the outbox for the next start.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void run() {
        Duration databaseBackoff = Duration.ofSeconds(1);
        while (running) {
            Duration sleep;
            try {
                sleep = sendDue();
                databaseBackoff = Duration.ofSeconds(1);
            } catch (RuntimeException e) {
                log.warn("outbox paused: the database is unavailable ({})", e.toString());
                sleep = databaseBackoff;
                databaseBackoff = databaseBackoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30)
                        : databaseBackoff.multipliedBy(2);
            }
            pause(sleep);
        }
    }

    /** Sends what is due; returns how long to sleep before looking again. */
    private Duration sendDue() {
        while (running) {
            List<OutboxItem> due = outbox.due(clock.instant(), 20);
            queued.set(outbox.queued());
            if (due.isEmpty()) {
                break;
            }
            for (OutboxItem item : due) {
                if (!running) {
                    return Duration.ZERO;
                }
                send(item);
            }
        }
        queued.set(outbox.queued());
        Instant now = clock.instant();
        return outbox.nextDue()
                .map(next -> Duration.between(now, next))
                .filter(wait -> wait.compareTo(IDLE_POLL) < 0)
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait)
                .orElse(IDLE_POLL);
    }

    private void send(OutboxItem item) {
        try {
            transport.send(item.email());
            outbox.markSent(item.id(), clock.instant());
            sent.increment();
            log.info(
                    "email {} ({}) sent to {}",
                    item.id(),
                    item.email().kind(),
                    item.email().recipient());
        } catch (MailFailure failure) {
            failedAttempts.increment();
            int attempts = item.attempts() + 1;
            if (failure.permanent() || attempts >= GIVE_UP_AFTER) {
                outbox.markFailed(item.id(), clock.instant(), failure.getMessage());
                givenUp.increment();
                log.error(
                        "email {} ({}) to {} given up after {} attempts: {}",
                        item.id(),
                        item.email().kind(),
                        item.email().recipient(),
                        attempts,
                        failure.getMessage());
            } else {
                Duration delay = backoff.delay(attempts - 1);
                outbox.markRetry(item.id(), clock.instant().plus(delay), failure.getMessage());
                log.warn(
                        "email {} ({}) not sent, attempt {}, next in {} s: {}",
                        item.id(),
                        item.email().kind(),
                        attempts,
                        delay.toSeconds(),
                        failure.getMessage());
            }
        }
    }

    private void pause(Duration duration) {
        lock.lock();
        try {
            if (!woken && running && !duration.isZero()) {
                wake.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
