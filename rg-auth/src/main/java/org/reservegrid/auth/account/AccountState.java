package org.reservegrid.auth.account;

import java.util.Locale;

/** Where an account is on its way from registration to use. Stored lower-case, as the API shows it. */
public enum AccountState {
    /** Registered; the verification link has not been followed. */
    UNVERIFIED,
    /** Email verified; waits for an admin's approval. */
    PENDING,
    /** Approved: can log in. */
    ACTIVE,
    /** An admin refused the registration. */
    REJECTED,
    /** An admin disabled a formerly active account; its sessions were revoked. */
    DISABLED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
