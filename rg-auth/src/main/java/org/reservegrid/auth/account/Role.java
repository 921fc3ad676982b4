package org.reservegrid.auth.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an account may do in the dashboard. */
public enum Role {
    /** Manages users, and everything an operator may do. */
    ADMIN,
    /** May change policy and settings. */
    OPERATOR,
    /** Reads only. */
    VIEWER;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The role an API caller named, if it is one. */
    public static Optional<Role> parse(String value) {
        return Arrays.stream(values())
                .filter(role -> role.value().equals(value))
                .findFirst();
    }
}
