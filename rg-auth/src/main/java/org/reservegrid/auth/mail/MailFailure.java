package org.reservegrid.auth.mail;

/**
 * Sending failed. A temporary failure (server down, no STARTTLS offered, 4xx) keeps the email for a later attempt;
 * a permanent one (5xx for the recipient) ends it.
 */
final class MailFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    MailFailure(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    /** Never null: the constructor takes the reason. */
    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNull(super.getMessage());
    }

    boolean permanent() {
        return permanent;
    }
}
