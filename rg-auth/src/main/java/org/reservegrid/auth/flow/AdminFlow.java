package org.reservegrid.auth.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountState;
import org.reservegrid.auth.account.AccountStore;
import org.reservegrid.auth.account.Role;
import org.reservegrid.auth.audit.AuditEntry;
import org.reservegrid.auth.audit.AuditEvent;
import org.reservegrid.auth.audit.AuditLog;
import org.reservegrid.auth.audit.AuditLog.Actor;
import org.reservegrid.auth.mail.Messages;
import org.reservegrid.auth.mail.Outbox;
import org.reservegrid.auth.mail.OutboxWorker;
import org.reservegrid.auth.session.Session;
import org.reservegrid.auth.session.SessionStore;
import org.reservegrid.auth.totp.TwoFactorStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What admins do: list accounts, approve or reject registrations, disable and re-enable accounts, set roles, page the
 * audit log, and require two-factor login for admins and operators. Each action locks the account row, checks its
 * state, changes it and records the event in one transaction. The last active admin cannot be disabled or demoted,
 * so the pool can never lock itself out.
 */
@Service
public class AdminFlow {
    private final AccountStore accounts;
    private final SessionStore sessions;
    private final TwoFactorStore twoFactor;
    private final Outbox outbox;
    private final OutboxWorker outboxWorker;
    private final Messages messages;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public AdminFlow(
            AccountStore accounts,
            SessionStore sessions,
            TwoFactorStore twoFactor,
            Outbox outbox,
            OutboxWorker outboxWorker,
            Messages messages,
            AuditLog audit,
            TransactionTemplate tx,
            Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.twoFactor = twoFactor;
        this.outbox = outbox;
        this.outboxWorker = outboxWorker;
        this.messages = messages;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Refuses anyone but an admin (with two-factor set up when admins require it). */
    public void requireAdmin(Session session) {
        Account account = session.account();
        if (account.role() != Role.ADMIN) {
            throw Refusals.forbidden("only admins may do this");
        }
        if (twoFactor.required() && !account.totpEnabled()) {
            throw Refusals.conflict("two_factor_setup_required", "two-factor login is required: set it up first");
        }
    }

    public List<Account> list(AccountState state, long beforeId, int limit) {
        return accounts.byState(state, beforeId, limit);
    }

    public Account approve(Session admin, long id, @Nullable Role role, Caller caller) {
        Account approved = change(admin, id, caller, Set.of(AccountState.PENDING), (account, now) -> {
            Role granted = role == null ? Role.VIEWER : role;
            accounts.approve(id, granted, now);
            outbox.enqueue(messages.approved(account.email()), now);
            return new Change(AuditEvent.APPROVED, "role " + granted.value());
        });
        outboxWorker.wake();
        return approved;
    }

    public Account reject(Session admin, long id, Caller caller) {
        return change(admin, id, caller, Set.of(AccountState.PENDING, AccountState.UNVERIFIED), (account, now) -> {
            accounts.setState(id, AccountState.REJECTED);
            return new Change(AuditEvent.REJECTED, "was " + account.state().value());
        });
    }

    public Account disable(Session admin, long id, Caller caller) {
        return change(admin, id, caller, Set.of(AccountState.ACTIVE), (account, now) -> {
            if (account.id() == admin.account().id()) {
                throw Refusals.conflict("cannot_disable_self", "an admin cannot disable their own account");
            }
            keepAnAdmin(account);
            accounts.setState(id, AccountState.DISABLED);
            int revoked = sessions.revokeAll(id, now);
            return new Change(AuditEvent.DISABLED, revoked + " sessions revoked");
        });
    }

    public Account enable(Session admin, long id, Caller caller) {
        return change(admin, id, caller, Set.of(AccountState.DISABLED), (account, now) -> {
            accounts.setState(id, AccountState.ACTIVE);
            return new Change(AuditEvent.ENABLED, null);
        });
    }

    public Account setRole(Session admin, long id, Role role, Caller caller) {
        return change(admin, id, caller, Set.of(AccountState.values()), (account, now) -> {
            if (account.role() == Role.ADMIN && role != Role.ADMIN && account.isActive()) {
                keepAnAdmin(account);
            }
            accounts.setRole(id, role);
            return new Change(AuditEvent.ROLE_CHANGED, account.role().value() + " -> " + role.value());
        });
    }

    public List<AuditEntry> audit(long beforeId, int limit) {
        return audit.page(beforeId, limit);
    }

    public boolean twoFactorRequired() {
        return twoFactor.required();
    }

    public void requireTwoFactor(Session admin, boolean required, Caller caller) {
        tx.executeWithoutResult(status -> {
            twoFactor.setRequired(required);
            audit.record(
                    AuditEvent.TOTP_REQUIREMENT_CHANGED,
                    new Actor(admin.account().id(), caller.clientIp()),
                    null,
                    null,
                    "two-factor required for admins and operators: " + required,
                    clock.instant());
        });
    }

    private record Change(AuditEvent event, @Nullable String detail) {}

    private interface Action {
        Change apply(Account account, Instant now);
    }

    private Account change(Session admin, long id, Caller caller, Set<AccountState> from, Action action) {
        Account changed = tx.execute(status -> {
            Instant now = clock.instant();
            Account account =
                    accounts.byIdForUpdate(id).orElseThrow(() -> Refusals.notFound("no account with id " + id));
            if (!from.contains(account.state())) {
                throw Refusals.conflict(
                        "invalid_state",
                        "the account is " + account.state().value() + "; this needs "
                                + from.stream()
                                        .map(AccountState::value)
                                        .sorted()
                                        .toList());
            }
            Change change = action.apply(account, now);
            audit.record(
                    change.event(),
                    new Actor(admin.account().id(), caller.clientIp()),
                    id,
                    account.email(),
                    change.detail(),
                    now);
            return accounts.byId(id).orElseThrow();
        });
        return Objects.requireNonNull(changed);
    }

    private void keepAnAdmin(Account account) {
        if (account.role() == Role.ADMIN && accounts.countActiveAdmins() <= 1) {
            throw Refusals.conflict("last_admin", "this is the last active admin; make another admin first");
        }
    }
}
