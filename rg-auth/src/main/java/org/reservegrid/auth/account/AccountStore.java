package org.reservegrid.auth.account;

import static org.reservegrid.auth.database.Times.read;
import static org.reservegrid.auth.database.Times.readNullable;
import static org.reservegrid.auth.database.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code accounts} table. Callers run these inside the flow's transaction. */
@Repository
public class AccountStore {
    private static final String COLUMNS = "id, email, email_key, password_hash, state, role, created_at, verified_at,"
            + " approved_at, password_changed_at, totp_enabled, totp_secret";

    private final JdbcClient jdbc;

    public AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Creates an unverified viewer. Throws Spring's {@code DuplicateKeyException} when the address already has an
     * account, which is how concurrent registrations of one address end with exactly one.
     */
    public long create(EmailAddress email, String passwordHash, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO accounts (email, email_key, password_hash, state, role, created_at, password_changed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        email.value(),
                        email.key(),
                        passwordHash,
                        AccountState.UNVERIFIED.value(),
                        Role.VIEWER.value(),
                        utc(now),
                        utc(now))
                .update(key, "id");
        return Objects.requireNonNull(key.getKey(), "generated id").longValue();
    }

    public Optional<Account> byEmailKey(String emailKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE email_key = ?")
                .param(emailKey)
                .query(AccountStore::account)
                .optional();
    }

    public Optional<Account> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = ?")
                .param(id)
                .query(AccountStore::account)
                .optional();
    }

    /** Locks the row until the transaction ends, so two admin actions on one account apply one after the other. */
    public Optional<Account> byIdForUpdate(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = ? FOR UPDATE")
                .param(id)
                .query(AccountStore::account)
                .optional();
    }

    /** Accounts in one state, newest id first, ids below {@code beforeId}. */
    public List<Account> byState(AccountState state, long beforeId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE state = ? AND id < ? ORDER BY id DESC LIMIT ?")
                .params(state.value(), beforeId, limit)
                .query(AccountStore::account)
                .list();
    }

    public List<Account> activeAdmins() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE state = ? AND role = ? ORDER BY id")
                .params(AccountState.ACTIVE.value(), Role.ADMIN.value())
                .query(AccountStore::account)
                .list();
    }

    public int countActiveAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM accounts WHERE state = ? AND role = ?")
                .params(AccountState.ACTIVE.value(), Role.ADMIN.value())
                .query(Integer.class)
                .single();
    }

    public void markVerified(long id, AccountState next, Role role, Instant now) {
        jdbc.sql("UPDATE accounts SET state = ?, role = ?, verified_at = ?,"
                        + " approved_at = CASE WHEN ? = 'active' THEN ? ELSE approved_at END WHERE id = ?")
                .params(next.value(), role.value(), utc(now), next.value(), utc(now), id)
                .update();
    }

    public void setState(long id, AccountState state) {
        jdbc.sql("UPDATE accounts SET state = ? WHERE id = ?")
                .params(state.value(), id)
                .update();
    }

    public void approve(long id, Role role, Instant now) {
        jdbc.sql("UPDATE accounts SET state = ?, role = ?, approved_at = ? WHERE id = ?")
                .params(AccountState.ACTIVE.value(), role.value(), utc(now), id)
                .update();
    }

    public void setRole(long id, Role role) {
        jdbc.sql("UPDATE accounts SET role = ? WHERE id = ?")
                .params(role.value(), id)
                .update();
    }

    /** A new password chosen by its owner: {@code password_changed_at} moves. */
    public void setPassword(long id, String passwordHash, Instant now) {
        jdbc.sql("UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE id = ?")
                .params(passwordHash, utc(now), id)
                .update();
    }

    /** The same password under new Argon2 parameters, written only if the hash was not changed meanwhile. */
    public void rehash(long id, String oldHash, String newHash) {
        jdbc.sql("UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?")
                .params(newHash, id, oldHash)
                .update();
    }

    public void setTotp(long id, boolean enabled, @org.jspecify.annotations.Nullable String secret) {
        jdbc.sql("UPDATE accounts SET totp_enabled = ?, totp_secret = ? WHERE id = ?")
                .params(enabled, org.reservegrid.auth.database.NullableParameter.text(secret), id)
                .update();
    }

    /** Reads the account columns of a row (also of a join that selects them under their own names). */
    public static Account account(ResultSet row, int rowNum) throws SQLException {
        return new Account(
                row.getLong("id"),
                row.getString("email"),
                row.getString("email_key"),
                row.getString("password_hash"),
                AccountState.of(row.getString("state")),
                Role.of(row.getString("role")),
                read(row, "created_at"),
                readNullable(row, "verified_at"),
                readNullable(row, "approved_at"),
                read(row, "password_changed_at"),
                row.getBoolean("totp_enabled"),
                row.getString("totp_secret"));
    }
}
