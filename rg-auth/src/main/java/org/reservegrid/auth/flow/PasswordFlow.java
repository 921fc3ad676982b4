package org.reservegrid.auth.flow;

import java.time.Clock;
import java.time.Instant;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountStore;
import org.reservegrid.auth.account.EmailAddress;
import org.reservegrid.auth.audit.AuditEvent;
import org.reservegrid.auth.audit.AuditLog;
import org.reservegrid.auth.audit.AuditLog.Actor;
import org.reservegrid.auth.mail.Messages;
import org.reservegrid.auth.mail.Outbox;
import org.reservegrid.auth.mail.OutboxWorker;
import org.reservegrid.auth.password.PasswordHasher;
import org.reservegrid.auth.password.PasswordPolicy;
import org.reservegrid.auth.session.Session;
import org.reservegrid.auth.session.SessionStore;
import org.reservegrid.auth.token.EmailTokenStore;
import org.reservegrid.auth.token.EmailTokenStore.Purpose;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Forgot, reset and change password. A reset or a change ends the account's other sessions. */
@Service
public class PasswordFlow {
    private final AccountStore accounts;
    private final SessionStore sessions;
    private final EmailTokenStore tokens;
    private final EmailRequests requests;
    private final Outbox outbox;
    private final OutboxWorker outboxWorker;
    private final Messages messages;
    private final AuditLog audit;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final TransactionTemplate tx;
    private final Clock clock;

    public PasswordFlow(
            AccountStore accounts,
            SessionStore sessions,
            EmailTokenStore tokens,
            EmailRequests requests,
            Outbox outbox,
            OutboxWorker outboxWorker,
            Messages messages,
            AuditLog audit,
            PasswordPolicy policy,
            PasswordHasher hasher,
            TransactionTemplate tx,
            Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.requests = requests;
        this.outbox = outbox;
        this.outboxWorker = outboxWorker;
        this.messages = messages;
        this.audit = audit;
        this.policy = policy;
        this.hasher = hasher;
        this.tx = tx;
        this.clock = clock;
    }

    /** Queues a reset link; the same answer whether or not the address has an account. */
    public void forgot(String rawEmail, Caller caller) {
        EmailAddress email = EmailAddress.parse(rawEmail).orElseThrow(Refusals::invalidEmail);
        requests.submit(EmailRequests.Kind.RESET, email.key(), caller.clientIp());
    }

    /**
     * Sets a new password with a reset link's token. The token is used up by a conditional update inside the
     * transaction: of two resets racing with one token exactly one wins, the other changes nothing.
     */
    public void reset(String token, String password, Caller caller) {
        checkRules(password, "");
        if (!org.reservegrid.auth.token.Tokens.plausible(token)) {
            throw Refusals.invalidToken();
        }
        String hash = hasher.hash(password);
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            long id = tokens.consume(token, Purpose.RESET, now).orElseThrow(Refusals::invalidToken);
            Account account = accounts.byIdForUpdate(id).orElseThrow(Refusals::invalidToken);
            accounts.setPassword(id, hash, now);
            tokens.revokeAll(id, Purpose.RESET, now);
            int revoked = sessions.revokeAll(id, now);
            audit.record(
                    AuditEvent.PASSWORD_RESET,
                    new Actor(id, caller.clientIp()),
                    id,
                    account.email(),
                    revoked + " sessions revoked",
                    now);
            outbox.enqueue(messages.passwordChanged(account.email()), now);
        });
        outboxWorker.wake();
    }

    /** Changes the password of the logged-in account; every other session of it ends. */
    public void change(Session session, String current, String next, Caller caller) {
        Account account = session.account();
        Actor actor = new Actor(account.id(), caller.clientIp());
        if (!hasher.verify(account.passwordHash(), current)) {
            tx.executeWithoutResult(status -> audit.record(
                    AuditEvent.PASSWORD_CHANGE_FAILED, actor, account.id(), account.email(), null, clock.instant()));
            throw new ApiException(HttpStatus.FORBIDDEN, "wrong_password", "the current password is wrong");
        }
        checkRules(next, account.email());
        String hash = hasher.hash(next);
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            accounts.setPassword(account.id(), hash, now);
            int revoked = sessions.revokeOthers(account.id(), session.id(), now);
            audit.record(
                    AuditEvent.PASSWORD_CHANGED,
                    actor,
                    account.id(),
                    account.email(),
                    revoked + " other sessions revoked",
                    now);
            outbox.enqueue(messages.passwordChanged(account.email()), now);
        });
        outboxWorker.wake();
    }

    private void checkRules(String password, String email) {
        policy.check(password, email).ifPresent(refusal -> {
            throw ApiException.badRequest(refusal.code(), refusal.message());
        });
    }
}
