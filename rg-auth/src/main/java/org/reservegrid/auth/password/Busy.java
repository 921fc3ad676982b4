package org.reservegrid.auth.password;

/** More logins wait for a password hash than the service will queue; the caller answers 503 with Retry-After. */
public final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Busy() {
        super("too many password checks are waiting; try again in a second", null, false, false);
    }
}
