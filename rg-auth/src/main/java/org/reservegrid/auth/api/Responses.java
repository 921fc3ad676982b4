package org.reservegrid.auth.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.audit.AuditEntry;

/** The JSON bodies the API answers with (snake_case): never the stored rows, never a hash. */
final class Responses {
    private Responses() {}

    /** The one answer of register, resend and forgot, whatever the address. */
    record Accepted(String status, String message) {}

    record AccountView(
            long id,
            String email,
            String state,
            String role,
            Instant createdAt,
            @Nullable Instant verifiedAt,
            @Nullable Instant approvedAt,
            boolean twoFactorEnabled) {
        static AccountView of(Account account) {
            return new AccountView(
                    account.id(),
                    account.email(),
                    account.state().value(),
                    account.role().value(),
                    account.createdAt(),
                    account.verifiedAt(),
                    account.approvedAt(),
                    account.totpEnabled());
        }
    }

    record Verified(String state, String message) {}

    /**
     * @param token the session token: the cookie carries it for browsers; API clients send it as a bearer token
     * @param csrfToken sent back in {@code X-CSRF-Token} with every state-changing request a cookie authenticates
     */
    record Login(String token, String csrfToken, Instant expiresAt, AccountView user) {}

    record Me(
            long id,
            String email,
            String role,
            String state,
            Instant sessionCreatedAt,
            Instant sessionExpiresAt,
            String csrfToken,
            boolean twoFactorEnabled,
            boolean twoFactorSetupRequired) {}

    record LoggedOut(String status, int sessionsRevoked) {}

    record Done(String status) {}

    record Users(List<AccountView> users, @Nullable Long nextBefore) {}

    record Audit(List<AuditEntry> entries, @Nullable Long nextBefore) {}

    record TwoFactorSetup(String secret, String otpauthUri) {}

    record RecoveryCodes(List<String> recoveryCodes) {}

    record TwoFactorPolicy(boolean required) {}
}
