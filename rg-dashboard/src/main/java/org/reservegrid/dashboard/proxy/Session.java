package org.reservegrid.dashboard.proxy;

import java.util.Locale;

/**
 * What rg-auth's {@code GET /api/auth/me} said about the caller.
 *
 * @param role viewer, operator or admin
 * @param csrfToken what a cookie session's state-changing request must send in {@code X-CSRF-Token}
 */
public record Session(String role, String csrfToken) {

    /** Operators and admins change things; a viewer only looks (and an unknown role is a viewer). */
    boolean mayWrite() {
        String value = role.toLowerCase(Locale.ROOT);
        return value.equals("operator") || value.equals("admin");
    }
}
