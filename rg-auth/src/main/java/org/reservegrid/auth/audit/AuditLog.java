package org.reservegrid.auth.audit;

import static org.reservegrid.auth.database.NullableParameter.bigint;
import static org.reservegrid.auth.database.NullableParameter.text;
import static org.reservegrid.auth.database.Times.read;
import static org.reservegrid.auth.database.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit log ({@code audit_log}), written in the same transaction as the change it records, so an event is
 * there exactly when its change is. Each entry is also logged at INFO under {@code audit}; entries never hold a
 * password or a token.
 */
@Repository
public class AuditLog {
    private static final Logger log = LoggerFactory.getLogger("audit");

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The context of an event: who did it and from where. */
    public record Actor(@Nullable Long accountId, @Nullable String clientIp) {
        public static Actor system() {
            return new Actor(null, null);
        }
    }

    public void record(
            AuditEvent event,
            Actor actor,
            @Nullable Long accountId,
            @Nullable String email,
            @Nullable String detail,
            Instant now) {
        jdbc.sql(
                        "INSERT INTO audit_log (at, event, actor_id, account_id, email, client_ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        utc(now),
                        event.value(),
                        bigint(actor.accountId()),
                        bigint(accountId),
                        text(email),
                        text(actor.clientIp()),
                        text(detail == null ? null : truncate(detail)))
                .update();
        log.info(
                "audit {} account={} actor={} ip={} {}",
                event.value(),
                accountId,
                actor.accountId(),
                actor.clientIp(),
                detail == null ? "" : detail);
    }

    /** Newest first, ids below {@code beforeId}. */
    public List<AuditEntry> page(long beforeId, int limit) {
        return jdbc.sql("SELECT id, at, event, actor_id, account_id, email, client_ip, detail FROM audit_log"
                        + " WHERE id < ? ORDER BY id DESC LIMIT ?")
                .params(beforeId, limit)
                .query(AuditLog::entry)
                .list();
    }

    private static String truncate(String detail) {
        return detail.length() <= 500 ? detail : detail.substring(0, 500);
    }

    private static AuditEntry entry(ResultSet row, int rowNum) throws SQLException {
        long actor = row.getLong("actor_id");
        Long actorId = row.wasNull() ? null : actor;
        long account = row.getLong("account_id");
        Long accountId = row.wasNull() ? null : account;
        return new AuditEntry(
                row.getLong("id"),
                read(row, "at"),
                row.getString("event"),
                actorId,
                accountId,
                row.getString("email"),
                row.getString("client_ip"),
                row.getString("detail"));
    }
}
