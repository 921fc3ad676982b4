package org.reservegrid.auth.flow;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountState;
import org.reservegrid.auth.account.AccountStore;
import org.reservegrid.auth.account.EmailAddress;
import org.reservegrid.auth.audit.AuditEvent;
import org.reservegrid.auth.audit.AuditLog;
import org.reservegrid.auth.audit.AuditLog.Actor;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.auth.metrics.AuthMetrics;
import org.reservegrid.auth.password.PasswordHasher;
import org.reservegrid.auth.ratelimit.RateLimiter;
import org.reservegrid.auth.session.Session;
import org.reservegrid.auth.session.SessionStore;
import org.reservegrid.auth.token.Tokens;
import org.reservegrid.auth.totp.Totp;
import org.reservegrid.auth.totp.TwoFactorStore;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login, logout, and the session lookup behind {@code GET /api/auth/me}. Every failed login answers
 * {@code invalid_credentials} after the same Argon2id work, whether the address is unknown or the password wrong;
 * the account's state (unverified, pending, disabled) is told only after a correct password.
 */
@Service
public class SessionFlow {
    /** {@code last_seen_at} is written at most this often per session: the idle timeout's resolution. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final TwoFactorStore twoFactor;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final RateLimiter limiter;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuthMetrics metrics;
    private final Duration idleTimeout;

    public SessionFlow(
            AccountStore accounts,
            SessionStore sessions,
            TwoFactorStore twoFactor,
            AuditLog audit,
            PasswordHasher hasher,
            RateLimiter limiter,
            TransactionTemplate tx,
            Clock clock,
            AuthMetrics metrics,
            AuthSettings settings,
            MeterRegistry registry) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.twoFactor = twoFactor;
        this.audit = audit;
        this.hasher = hasher;
        this.limiter = limiter;
        this.tx = tx;
        this.clock = clock;
        this.metrics = metrics;
        this.idleTimeout = settings.idleTimeout();
        Gauge.builder("rg_auth_sessions_active", sessions, store -> liveSessions(store, clock))
                .description("Sessions neither expired nor revoked")
                .register(registry);
    }

    /** The second factor a login may carry: a TOTP code or a recovery code. */
    public record SecondFactor(
            @Nullable String totpCode, @Nullable String recoveryCode) {
        public static final SecondFactor NONE = new SecondFactor(null, null);

        boolean present() {
            return totpCode != null || recoveryCode != null;
        }
    }

    public LoginResult login(String rawEmail, String password, SecondFactor second, Caller caller) {
        String emailKey = EmailAddress.key(rawEmail);
        Actor actor = new Actor(null, caller.clientIp());
        Optional<Duration> blocked = limiter.loginBlocked(emailKey);
        if (blocked.isPresent()) {
            metrics.login("throttled");
            recordNow(
                    AuditEvent.LOGIN_THROTTLED,
                    actor,
                    null,
                    truncated(rawEmail),
                    "too many failed logins for this address");
            throw Refusals.tooManyRequests(
                    "too_many_failed_logins",
                    "too many failed logins for this account; try again later",
                    blocked.get());
        }
        Optional<Account> found =
                emailKey.length() <= EmailAddress.MAX_LENGTH ? accounts.byEmailKey(emailKey) : Optional.empty();
        boolean passwordOk;
        if (found.isEmpty()) {
            hasher.verifyDecoy(password);
            passwordOk = false;
        } else {
            passwordOk = hasher.verify(found.get().passwordHash(), password);
        }
        if (!passwordOk) {
            limiter.loginFailed(emailKey);
            metrics.login("invalid_credentials");
            Long id = found.map(Account::id).orElse(null);
            recordNow(
                    AuditEvent.LOGIN_FAILED,
                    actor,
                    id,
                    truncated(rawEmail),
                    found.isEmpty() ? "unknown address" : "wrong password");
            throw Refusals.invalidCredentials();
        }
        Account account = found.get();
        if (account.state() != AccountState.ACTIVE) {
            metrics.login("refused");
            recordNow(
                    AuditEvent.LOGIN_REFUSED,
                    actor,
                    account.id(),
                    account.email(),
                    account.state().value());
            throw stateRefusal(account.state());
        }
        if (account.totpEnabled()) {
            checkSecondFactor(account, second, actor, emailKey);
        }
        if (hasher.needsRehash(account.passwordHash())) {
            accounts.rehash(account.id(), account.passwordHash(), hasher.hash(password));
        }
        String token = Tokens.random();
        Instant expires = tx.execute(status -> {
            Instant now = clock.instant();
            Instant expiresAt = now.plus(AuthSettings.SESSION_LIFETIME);
            sessions.create(
                    account.id(),
                    Tokens.hash(token),
                    now,
                    expiresAt,
                    caller.clientIp(),
                    truncatedAgent(caller.userAgent()));
            audit.record(
                    AuditEvent.LOGIN_OK,
                    new Actor(account.id(), caller.clientIp()),
                    account.id(),
                    account.email(),
                    null,
                    now);
            return expiresAt;
        });
        metrics.login("ok");
        return new LoginResult(token, java.util.Objects.requireNonNull(expires), account);
    }

    /**
     * The live session of this token, or {@code not_authenticated}. Nothing is cached: a revocation is seen by the
     * next request. An idle session (when the idle timeout is on) is revoked here.
     */
    public Session current(String token) {
        if (!Tokens.plausible(token)) {
            throw Refusals.notAuthenticated();
        }
        Instant now = clock.instant();
        Session session = sessions.live(Tokens.hash(token), now).orElseThrow(Refusals::notAuthenticated);
        if (session.account().state() != AccountState.ACTIVE) {
            throw Refusals.notAuthenticated();
        }
        if (!idleTimeout.isZero() && session.lastSeenAt().plus(idleTimeout).isBefore(now)) {
            sessions.revoke(session.id(), now);
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED, "session_idle", "the session ended after being idle; log in again");
        }
        if (session.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            sessions.touch(session.id(), now);
        }
        return session;
    }

    public void logout(Session session, Caller caller) {
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            sessions.revoke(session.id(), now);
            audit.record(
                    AuditEvent.LOGOUT,
                    new Actor(session.account().id(), caller.clientIp()),
                    session.account().id(),
                    session.account().email(),
                    null,
                    now);
        });
    }

    /** Ends every session of the caller's account, this one included; returns how many. */
    public int logoutAll(Session session, Caller caller) {
        Integer count = tx.execute(status -> {
            Instant now = clock.instant();
            int revoked = sessions.revokeAll(session.account().id(), now);
            audit.record(
                    AuditEvent.LOGOUT_ALL,
                    new Actor(session.account().id(), caller.clientIp()),
                    session.account().id(),
                    session.account().email(),
                    revoked + " sessions",
                    now);
            return revoked;
        });
        return count == null ? 0 : count;
    }

    private void checkSecondFactor(Account account, SecondFactor second, Actor actor, String emailKey) {
        if (!second.present()) {
            metrics.login("two_factor_required");
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "two_factor_required",
                    "this account uses two-factor login: send totp (the 6-digit code) or recovery_code");
        }
        Instant now = clock.instant();
        boolean ok;
        if (second.totpCode() != null) {
            String secret = account.totpSecret();
            OptionalLong step = secret == null
                    ? OptionalLong.empty()
                    : Totp.verify(secret, second.totpCode(), now, twoFactor.lastStep(account.id()));
            ok = step.isPresent() && twoFactor.acceptStep(account.id(), step.getAsLong());
        } else {
            ok = twoFactor.useRecoveryCode(account.id(), java.util.Objects.requireNonNull(second.recoveryCode()), now);
            if (ok) {
                recordNow(AuditEvent.RECOVERY_CODE_USED, actor, account.id(), account.email(), null);
            }
        }
        if (!ok) {
            limiter.loginFailed(emailKey);
            metrics.login("two_factor_failed");
            recordNow(AuditEvent.TOTP_FAILED, actor, account.id(), account.email(), null);
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "invalid_two_factor_code",
                    "the two-factor code is wrong or was used already");
        }
    }

    private static ApiException stateRefusal(AccountState state) {
        return switch (state) {
            case UNVERIFIED ->
                new ApiException(
                        HttpStatus.FORBIDDEN,
                        "email_unverified",
                        "verify your email address first: follow the link in the verification email, or ask for a new one");
            case PENDING ->
                new ApiException(
                        HttpStatus.FORBIDDEN, "account_pending", "an administrator has not approved the account yet");
            case REJECTED ->
                new ApiException(HttpStatus.FORBIDDEN, "account_rejected", "an administrator rejected this account");
            case DISABLED ->
                new ApiException(HttpStatus.FORBIDDEN, "account_disabled", "an administrator disabled this account");
            case ACTIVE -> throw new IllegalStateException("active accounts may log in");
        };
    }

    private void recordNow(
            AuditEvent event, Actor actor, @Nullable Long accountId, @Nullable String email, @Nullable String detail) {
        tx.executeWithoutResult(status -> audit.record(event, actor, accountId, email, detail, clock.instant()));
        metrics.audit(event.value());
    }

    private static String truncated(String email) {
        String value = email.strip();
        return value.length() <= EmailAddress.MAX_LENGTH ? value : value.substring(0, EmailAddress.MAX_LENGTH);
    }

    private static @Nullable String truncatedAgent(@Nullable String agent) {
        return agent == null || agent.length() <= 256 ? agent : agent.substring(0, 256);
    }

    private static double liveSessions(SessionStore store, Clock clock) {
        try {
            return store.countLive(clock.instant());
        } catch (RuntimeException databaseDown) {
            return Double.NaN;
        }
    }
}
