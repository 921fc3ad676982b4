package org.reservegrid.auth.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountState;
import org.reservegrid.auth.account.AccountStore;
import org.reservegrid.auth.account.EmailAddress;
import org.reservegrid.auth.account.Role;
import org.reservegrid.auth.audit.AuditEvent;
import org.reservegrid.auth.audit.AuditLog;
import org.reservegrid.auth.audit.AuditLog.Actor;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.auth.mail.Messages;
import org.reservegrid.auth.mail.Outbox;
import org.reservegrid.auth.mail.OutboxWorker;
import org.reservegrid.auth.metrics.AuthMetrics;
import org.reservegrid.auth.password.PasswordHasher;
import org.reservegrid.auth.password.PasswordPolicy;
import org.reservegrid.auth.token.EmailTokenStore;
import org.reservegrid.auth.token.EmailTokenStore.Purpose;
import org.reservegrid.spring.api.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Register, verify, resend. Registering answers the same whether or not the address has an account: both paths
 * check the password rules, pay one Argon2id hash and queue one email (a verification link, or a note that the
 * address is registered already), so neither the answer nor its time tells them apart.
 */
@Service
public class RegistrationFlow {
    private final AccountStore accounts;
    private final EmailTokenStore tokens;
    private final Outbox outbox;
    private final OutboxWorker outboxWorker;
    private final Messages messages;
    private final AuditLog audit;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final EmailRequests requests;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuthMetrics metrics;
    private final Optional<String> adminEmail;

    public RegistrationFlow(
            AccountStore accounts,
            EmailTokenStore tokens,
            Outbox outbox,
            OutboxWorker outboxWorker,
            Messages messages,
            AuditLog audit,
            PasswordPolicy policy,
            PasswordHasher hasher,
            EmailRequests requests,
            TransactionTemplate tx,
            Clock clock,
            AuthMetrics metrics,
            AuthSettings settings) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.outbox = outbox;
        this.outboxWorker = outboxWorker;
        this.messages = messages;
        this.audit = audit;
        this.policy = policy;
        this.hasher = hasher;
        this.requests = requests;
        this.tx = tx;
        this.clock = clock;
        this.metrics = metrics;
        this.adminEmail = settings.adminEmail();
    }

    public void register(String rawEmail, String password, Caller caller) {
        EmailAddress email = EmailAddress.parse(rawEmail).orElseThrow(Refusals::invalidEmail);
        policy.check(password, email.value()).ifPresent(refusal -> {
            throw ApiException.badRequest(refusal.code(), refusal.message());
        });
        String hash = hasher.hash(password);
        Actor actor = new Actor(null, caller.clientIp());
        // Look first, so both paths cost one read and one write transaction; the insert's unique key still decides
        // when two registrations of one address race.
        boolean created = accounts.byEmailKey(email.key()).isEmpty() && createAccount(email, hash, actor);
        if (!created) {
            tx.executeWithoutResult(status -> {
                Instant now = clock.instant();
                Account account = accounts.byEmailKey(email.key()).orElseThrow();
                if (account.state() == AccountState.UNVERIFIED) {
                    String token = tokens.issue(account.id(), Purpose.VERIFY, now);
                    outbox.enqueue(messages.verification(account.email(), token), now);
                } else {
                    outbox.enqueue(messages.alreadyRegistered(account.email()), now);
                }
                audit.record(AuditEvent.REGISTER_EXISTING, actor, account.id(), account.email(), null, now);
            });
        }
        metrics.registration(created ? "new" : "existing");
        metrics.audit(AuditEvent.REGISTERED.value());
        outboxWorker.wake();
    }

    /** Creates the account with its first link; false when a concurrent registration of the address won. */
    private boolean createAccount(EmailAddress email, String hash, Actor actor) {
        try {
            tx.executeWithoutResult(status -> {
                Instant now = clock.instant();
                long id = accounts.create(email, hash, now);
                String token = tokens.issue(id, Purpose.VERIFY, now);
                outbox.enqueue(messages.verification(email.value(), token), now);
                audit.record(AuditEvent.REGISTERED, actor, id, email.value(), null, now);
            });
            return true;
        } catch (DuplicateKeyException existing) {
            // The other registration committed first; on PostgreSQL this transaction is aborted, so the caller
            // continues in a new one.
            return false;
        }
    }

    /**
     * Follows a verification link. The bootstrap admin's address becomes an active admin at once; any other waits
     * for approval, and the active admins are emailed.
     */
    public AccountState verify(String token, Caller caller) {
        AccountState state = tx.execute(status -> {
            Instant now = clock.instant();
            long id = tokens.consume(token, Purpose.VERIFY, now).orElseThrow(Refusals::invalidToken);
            Account account = accounts.byIdForUpdate(id).orElseThrow(Refusals::invalidToken);
            if (account.state() != AccountState.UNVERIFIED) {
                return account.state();
            }
            boolean bootstrapAdmin = adminEmail.map(account.emailKey()::equals).orElse(false);
            AccountState next = bootstrapAdmin ? AccountState.ACTIVE : AccountState.PENDING;
            accounts.markVerified(id, next, bootstrapAdmin ? Role.ADMIN : account.role(), now);
            audit.record(
                    AuditEvent.EMAIL_VERIFIED,
                    new Actor(id, caller.clientIp()),
                    id,
                    account.email(),
                    bootstrapAdmin ? "bootstrap admin (VELDRA_AUTH_ADMIN_EMAIL): active admin" : "waits for approval",
                    now);
            if (!bootstrapAdmin) {
                for (String admin : adminAddresses()) {
                    outbox.enqueue(messages.approvalNeeded(admin, account.email()), now);
                }
            }
            return next;
        });
        outboxWorker.wake();
        return java.util.Objects.requireNonNull(state);
    }

    /** Queues a new verification link; the same answer whether or not the address has an unverified account. */
    public void resend(String rawEmail, Caller caller) {
        EmailAddress email = EmailAddress.parse(rawEmail).orElseThrow(Refusals::invalidEmail);
        requests.submit(EmailRequests.Kind.RESEND, email.key(), caller.clientIp());
    }

    /** Active admins, or the configured bootstrap address while no admin exists yet. */
    private java.util.List<String> adminAddresses() {
        java.util.List<String> admins =
                accounts.activeAdmins().stream().map(Account::email).toList();
        if (admins.isEmpty() && adminEmail.isPresent()) {
            return java.util.List.of(adminEmail.get());
        }
        return admins;
    }
}
