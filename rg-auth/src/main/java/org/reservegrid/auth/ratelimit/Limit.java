package org.reservegrid.auth.ratelimit;

/**
 * The per-client-address limit of each auth endpoint, in requests per minute before
 * {@code VELDRA_AUTH_RATE_LIMIT_MULTIPLIER} (the product's range: 3 to 10). Endpoints that mail someone get the
 * tightest limits.
 */
public enum Limit {
    REGISTER(5),
    VERIFY(10),
    RESEND(3),
    LOGIN(10),
    LOGOUT(10),
    LOGOUT_ALL(5),
    PASSWORD(5),
    FORGOT(3),
    RESET(5),
    TWO_FACTOR(10),
    /** Admin actions; reads (user lists, audit) are not limited. */
    ADMIN(10);

    private final int perMinute;

    Limit(int perMinute) {
        this.perMinute = perMinute;
    }

    public int perMinute() {
        return perMinute;
    }
}
