package org.reservegrid.auth.audit;

import java.util.Locale;

/** Every security event rg-auth records. The stored and shown name is the lower-case constant. */
public enum AuditEvent {
    REGISTERED,
    /** A registration for an address that already has an account (the person was told by email). */
    REGISTER_EXISTING,
    EMAIL_VERIFIED,
    VERIFICATION_RESENT,
    APPROVED,
    REJECTED,
    DISABLED,
    ENABLED,
    ROLE_CHANGED,
    LOGIN_OK,
    LOGIN_FAILED,
    /** A correct password for an account that may not log in (unverified, pending, rejected, disabled). */
    LOGIN_REFUSED,
    LOGIN_THROTTLED,
    LOGOUT,
    LOGOUT_ALL,
    PASSWORD_CHANGED,
    PASSWORD_CHANGE_FAILED,
    RESET_REQUESTED,
    PASSWORD_RESET,
    TOTP_ENABLED,
    TOTP_DISABLED,
    TOTP_FAILED,
    RECOVERY_CODE_USED,
    TOTP_REQUIREMENT_CHANGED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
