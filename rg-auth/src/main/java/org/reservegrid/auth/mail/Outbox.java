package org.reservegrid.auth.mail;

import static org.reservegrid.auth.database.Times.read;
import static org.reservegrid.auth.database.Times.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable outbox ({@code outbox}). Flows {@link #enqueue} inside their own transaction, so an email exists
 * exactly when the change that caused it was committed; {@link OutboxWorker} sends it later. A body is cleared
 * once the email is sent or given up, since it may carry a live token.
 */
@Repository
public class Outbox {
    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(Email email, Instant now) {
        jdbc.sql(
                        "INSERT INTO outbox (kind, recipient, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(email.kind(), email.recipient(), email.subject(), email.body(), utc(now), utc(now))
                .update();
    }

    List<OutboxItem> due(Instant now, int limit) {
        return jdbc.sql("SELECT id, kind, recipient, subject, body, attempts FROM outbox"
                        + " WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?")
                .params(utc(now), limit)
                .query((row, n) -> new OutboxItem(
                        row.getLong("id"),
                        new Email(
                                row.getString("kind"),
                                row.getString("recipient"),
                                row.getString("subject"),
                                row.getString("body")),
                        row.getInt("attempts")))
                .list();
    }

    /** When the next queued email falls due, if any: the worker sleeps until then (or until woken). */
    Optional<Instant> nextDue() {
        return jdbc.sql("SELECT MIN(next_attempt_at) AS next FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
                .query((row, n) -> row.getObject("next") == null ? null : read(row, "next"))
                .optional();
    }

    void markSent(long id, Instant now) {
        jdbc.sql("UPDATE outbox SET sent_at = ?, body = NULL, attempts = attempts + 1, last_error = NULL WHERE id = ?")
                .params(utc(now), id)
                .update();
    }

    void markRetry(long id, Instant next, String error) {
        jdbc.sql("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .params(utc(next), truncate(error), id)
                .update();
    }

    void markFailed(long id, Instant now, String error) {
        jdbc.sql("UPDATE outbox SET attempts = attempts + 1, failed_at = ?, body = NULL, last_error = ? WHERE id = ?")
                .params(utc(now), truncate(error), id)
                .update();
    }

    /** Emails waiting to be sent (for the metrics gauge and readiness detail). */
    public long queued() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
                .query(Long.class)
                .single();
    }

    private static String truncate(String error) {
        return error.length() <= 500 ? error : error.substring(0, 500);
    }
}
