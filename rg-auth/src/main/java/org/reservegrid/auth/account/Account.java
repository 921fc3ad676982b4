package org.reservegrid.auth.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An account as the flows see it (the table's row and the API's JSON are separate shapes).
 *
 * @param emailKey the lower-cased address, unique across accounts
 * @param passwordHash the Argon2id encoding, with its parameters
 */
public record Account(
        long id,
        String email,
        String emailKey,
        String passwordHash,
        AccountState state,
        Role role,
        Instant createdAt,
        @Nullable Instant verifiedAt,
        @Nullable Instant approvedAt,
        Instant passwordChangedAt,
        boolean totpEnabled,
        @Nullable String totpSecret) {

    public boolean isActive() {
        return state == AccountState.ACTIVE;
    }
}
