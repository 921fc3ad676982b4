package org.reservegrid.auth.session;

import static org.reservegrid.auth.database.Times.read;
import static org.reservegrid.auth.database.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code sessions} table: token hashes, expiry and revocation. */
@Repository
public class SessionStore {
    private final JdbcClient jdbc;

    public SessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long create(
            long accountId,
            String tokenHash,
            Instant now,
            Instant expiresAt,
            @Nullable String clientIp,
            @Nullable String userAgent) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql(
                        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at, client_ip, user_agent)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        tokenHash,
                        accountId,
                        utc(now),
                        utc(expiresAt),
                        utc(now),
                        org.reservegrid.auth.database.NullableParameter.text(clientIp),
                        org.reservegrid.auth.database.NullableParameter.text(userAgent))
                .update(key, "id");
        return Objects.requireNonNull(key.getKey(), "generated id").longValue();
    }

    /**
     * The session with this token hash if it is neither revoked nor expired, with its account: one indexed query,
     * since the dashboard asks this on every request it proxies.
     */
    public Optional<Session> live(String tokenHash, Instant now) {
        return jdbc.sql("SELECT s.id AS session_id, s.created_at AS session_created_at, s.expires_at, s.last_seen_at,"
                        + " a.id, a.email, a.email_key, a.password_hash, a.state, a.role, a.created_at, a.verified_at,"
                        + " a.approved_at, a.password_changed_at, a.totp_enabled, a.totp_secret"
                        + " FROM sessions s JOIN accounts a ON a.id = s.account_id"
                        + " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?")
                .params(tokenHash, utc(now))
                .query(SessionStore::session)
                .optional();
    }

    /** Records use for the idle timeout; callers do it at most once a minute per session to spare the database. */
    public void touch(long sessionId, Instant now) {
        jdbc.sql("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
                .params(utc(now), sessionId)
                .update();
    }

    public boolean revoke(long sessionId, Instant now) {
        return jdbc.sql("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                        .params(utc(now), sessionId)
                        .update()
                == 1;
    }

    /** Ends every session of the account but one (a password change keeps the caller's); returns how many. */
    public int revokeOthers(long accountId, long keepSessionId, Instant now) {
        return jdbc.sql("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND id <> ? AND revoked_at IS NULL")
                .params(utc(now), accountId, keepSessionId)
                .update();
    }

    /** Ends every session of the account; returns how many were live. */
    public int revokeAll(long accountId, Instant now) {
        return jdbc.sql("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL")
                .params(utc(now), accountId)
                .update();
    }

    public long countLive(Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > ?")
                .param(utc(now))
                .query(Long.class)
                .single();
    }

    /** Drops sessions that ended before {@code before}; they can never be used again. */
    public int deleteEnded(Instant before) {
        return jdbc.sql("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?")
                .params(utc(before), utc(before))
                .update();
    }

    private static Session session(ResultSet row, int rowNum) throws SQLException {
        Account account = AccountStore.account(row, rowNum);
        return new Session(
                row.getLong("session_id"),
                account,
                read(row, "session_created_at"),
                read(row, "expires_at"),
                read(row, "last_seen_at"));
    }
}
