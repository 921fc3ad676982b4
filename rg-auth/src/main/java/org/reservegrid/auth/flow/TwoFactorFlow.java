package org.reservegrid.auth.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountStore;
import org.reservegrid.auth.account.Role;
import org.reservegrid.auth.audit.AuditEvent;
import org.reservegrid.auth.audit.AuditLog;
import org.reservegrid.auth.audit.AuditLog.Actor;
import org.reservegrid.auth.password.PasswordHasher;
import org.reservegrid.auth.session.Session;
import org.reservegrid.auth.totp.Totp;
import org.reservegrid.auth.totp.TwoFactorStore;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Optional two-factor login (TOTP, RFC 6238): set up a secret, confirm it with a first code (which also hands out
 * the recovery codes, once), or turn it off with the password and a code.
 */
@Service
public class TwoFactorFlow {
    private static final String ISSUER = "ReserveGrid OS";

    private final AccountStore accounts;
    private final TwoFactorStore twoFactor;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final TransactionTemplate tx;
    private final Clock clock;

    public TwoFactorFlow(
            AccountStore accounts,
            TwoFactorStore twoFactor,
            AuditLog audit,
            PasswordHasher hasher,
            TransactionTemplate tx,
            Clock clock) {
        this.accounts = accounts;
        this.twoFactor = twoFactor;
        this.audit = audit;
        this.hasher = hasher;
        this.tx = tx;
        this.clock = clock;
    }

    /** A new secret to enter in an authenticator app; two-factor stays off until {@link #enable} confirms it. */
    public record Setup(String secret, String otpauthUri) {}

    /** Whether the account must use two-factor login before it may act (admins and operators, when required). */
    public boolean setupRequired(Account account) {
        return !account.totpEnabled() && account.role() != Role.VIEWER && twoFactor.required();
    }

    public Setup setup(Session session) {
        Account account = session.account();
        if (account.totpEnabled()) {
            throw Refusals.conflict(
                    "two_factor_enabled", "two-factor login is on already; turn it off first to change it");
        }
        String secret = Totp.newSecret();
        accounts.setTotp(account.id(), false, secret);
        return new Setup(secret, Totp.uri(ISSUER, account.email(), secret));
    }

    public List<String> enable(Session session, String code, Caller caller) {
        List<String> codes = tx.execute(status -> {
            Instant now = clock.instant();
            Account account = accounts.byIdForUpdate(session.account().id()).orElseThrow(Refusals::notAuthenticated);
            String secret = account.totpSecret();
            if (account.totpEnabled() || secret == null) {
                throw Refusals.conflict(
                        "two_factor_not_set_up", "ask for a new secret first (POST /api/auth/totp/setup)");
            }
            OptionalLong step = Totp.verify(secret, code, now, twoFactor.lastStep(account.id()));
            if (step.isEmpty() || !twoFactor.acceptStep(account.id(), step.getAsLong())) {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST, "invalid_two_factor_code", "the code does not match the secret");
            }
            accounts.setTotp(account.id(), true, secret);
            List<String> recovery = twoFactor.newRecoveryCodes(account.id());
            audit.record(
                    AuditEvent.TOTP_ENABLED,
                    new Actor(account.id(), caller.clientIp()),
                    account.id(),
                    account.email(),
                    null,
                    now);
            return recovery;
        });
        return Objects.requireNonNull(codes);
    }

    public void disable(Session session, String password, String code, Caller caller) {
        Account account = session.account();
        if (!account.totpEnabled()) {
            throw Refusals.conflict("two_factor_disabled", "two-factor login is off");
        }
        if (account.role() != Role.VIEWER && twoFactor.required()) {
            throw Refusals.conflict("two_factor_required", "admins require two-factor login for admins and operators");
        }
        if (!hasher.verify(account.passwordHash(), password)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "wrong_password", "the password is wrong");
        }
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            String secret = Objects.requireNonNull(account.totpSecret());
            OptionalLong step = Totp.verify(secret, code, now, twoFactor.lastStep(account.id()));
            boolean ok = step.isPresent() && twoFactor.acceptStep(account.id(), step.getAsLong());
            if (!ok && !twoFactor.useRecoveryCode(account.id(), code, now)) {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST, "invalid_two_factor_code", "the code is wrong or was used already");
            }
            accounts.setTotp(account.id(), false, null);
            twoFactor.dropRecoveryCodes(account.id());
            audit.record(
                    AuditEvent.TOTP_DISABLED,
                    new Actor(account.id(), caller.clientIp()),
                    account.id(),
                    account.email(),
                    null,
                    now);
        });
    }
}
