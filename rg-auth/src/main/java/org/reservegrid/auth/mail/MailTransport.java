package org.reservegrid.auth.mail;

/** Where the outbox hands emails: SMTP with STARTTLS, or stdout in dev mode. */
interface MailTransport {
    void send(Email email) throws MailFailure;

    /** For the log line at start-up: where mail goes (no credentials). */
    String describe();
}
