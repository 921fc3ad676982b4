package org.reservegrid.auth.flow;

import static org.reservegrid.auth.database.Times.utc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountState;
import org.reservegrid.auth.account.AccountStore;
import org.reservegrid.auth.audit.AuditEvent;
import org.reservegrid.auth.audit.AuditLog;
import org.reservegrid.auth.audit.AuditLog.Actor;
import org.reservegrid.auth.mail.Messages;
import org.reservegrid.auth.mail.Outbox;
import org.reservegrid.auth.mail.OutboxWorker;
import org.reservegrid.auth.token.EmailTokenStore;
import org.reservegrid.auth.token.EmailTokenStore.Purpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgot-password and resend-verification requests. The HTTP request only inserts a row, for a known address and an
 * unknown one alike, so the answer and its time cannot tell whether the address has an account. This worker then
 * resolves each row in its own transaction: a reset link for an account that may reset, a new verification link for
 * an unverified one, nothing otherwise. At most {@link #MAX_PER_HOUR} links of a kind go to one account per hour,
 * so many clients cannot flood one inbox.
 */
@Component
public class EmailRequests implements SmartLifecycle {
    static final int MAX_PER_HOUR = 3;
    private static final Logger log = LoggerFactory.getLogger(EmailRequests.class);

    /** What was asked for. */
    public enum Kind {
        RESET,
        RESEND;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Request(
            long id, Kind kind, String emailKey, @Nullable String clientIp) {}

    private final JdbcClient jdbc;
    private final AccountStore accounts;
    private final EmailTokenStore tokens;
    private final Outbox outbox;
    private final OutboxWorker outboxWorker;
    private final Messages messages;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private @Nullable Thread thread;

    public EmailRequests(
            JdbcClient jdbc,
            AccountStore accounts,
            EmailTokenStore tokens,
            Outbox outbox,
            OutboxWorker outboxWorker,
            Messages messages,
            AuditLog audit,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.tokens = tokens;
        this.outbox = outbox;
        this.outboxWorker = outboxWorker;
        this.messages = messages;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Records the request (committed before the answer goes out) and wakes the worker. */
    public void submit(Kind kind, String emailKey, String clientIp) {
        jdbc.sql("INSERT INTO email_requests (kind, email_key, client_ip, created_at) VALUES (?, ?, ?, ?)")
                .params(kind.value(), emailKey, clientIp, utc(clock.instant()))
                .update();
        wake.release();
    }

    @Override
    public void start() {
        running = true;
        Thread worker =
                Thread.ofPlatform().name("auth-email-requests").daemon(true).unstarted(this::run);
        thread = worker;
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        wake.release();
        Thread worker = thread;
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                int handled = handleOpen();
                if (handled > 0) {
                    outboxWorker.wake();
                }
                wake.tryAcquire(2, TimeUnit.SECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("email requests paused: the database is unavailable ({})", e.toString());
                sleepQuietly();
            }
        }
    }

    private int handleOpen() {
        List<Request> open = jdbc.sql(
                        "SELECT id, kind, email_key, client_ip FROM email_requests WHERE done_at IS NULL ORDER BY id LIMIT 50")
                .query((row, n) -> new Request(
                        row.getLong("id"),
                        Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
                        row.getString("email_key"),
                        row.getString("client_ip")))
                .list();
        for (Request request : open) {
            tx.executeWithoutResult(status -> handle(request));
        }
        return open.size();
    }

    private void handle(Request request) {
        Instant now = clock.instant();
        Optional<Account> found = accounts.byEmailKey(request.emailKey());
        if (found.isPresent()) {
            Account account = found.get();
            Actor actor = new Actor(null, request.clientIp());
            switch (request.kind()) {
                case RESET -> {
                    if (mayReset(account.state()) && recentTokens(account.id(), Purpose.RESET, now) < MAX_PER_HOUR) {
                        String token = tokens.issue(account.id(), Purpose.RESET, now);
                        outbox.enqueue(messages.reset(account.email(), token), now);
                        audit.record(AuditEvent.RESET_REQUESTED, actor, account.id(), account.email(), null, now);
                    }
                }
                case RESEND -> {
                    if (account.state() == AccountState.UNVERIFIED
                            && recentTokens(account.id(), Purpose.VERIFY, now) < MAX_PER_HOUR) {
                        String token = tokens.issue(account.id(), Purpose.VERIFY, now);
                        outbox.enqueue(messages.verification(account.email(), token), now);
                        audit.record(AuditEvent.VERIFICATION_RESENT, actor, account.id(), account.email(), null, now);
                    }
                }
            }
        }
        jdbc.sql("UPDATE email_requests SET done_at = ? WHERE id = ?")
                .params(utc(now), request.id())
                .update();
    }

    /** A rejected or disabled account gets no reset link: resetting would not let it in, and mail would leak. */
    private static boolean mayReset(AccountState state) {
        return state == AccountState.ACTIVE || state == AccountState.PENDING || state == AccountState.UNVERIFIED;
    }

    private int recentTokens(long accountId, Purpose purpose, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM email_tokens WHERE account_id = ? AND purpose = ? AND created_at > ?")
                .params(accountId, purpose.name().toLowerCase(Locale.ROOT), utc(now.minus(Duration.ofHours(1))))
                .query(Integer.class)
                .single();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
