package org.reservegrid.auth.token;

import static org.reservegrid.auth.database.Times.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single-use tokens sent by email ({@code email_tokens}); only their hashes are stored. */
@Repository
public class EmailTokenStore {
    /** What a token opens. */
    public enum Purpose {
        VERIFY(Duration.ofHours(24)),
        /** The product's contract: a reset link works for 1 hour. */
        RESET(Duration.ofHours(1));

        private final Duration lifetime;

        Purpose(Duration lifetime) {
            this.lifetime = lifetime;
        }

        public Duration lifetime() {
            return lifetime;
        }

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final JdbcClient jdbc;

    public EmailTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new token for the account; the plain token goes into the email and is not kept. */
    public String issue(long accountId, Purpose purpose, Instant now) {
        String token = Tokens.random();
        jdbc.sql(
                        "INSERT INTO email_tokens (token_hash, account_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(Tokens.hash(token), accountId, purpose.value(), utc(now), utc(now.plus(purpose.lifetime())))
                .update();
        return token;
    }

    /**
     * Uses the token up if it is unused and unexpired, returning its account. The conditional update is the single
     * point of truth: of two requests racing with one token, exactly one sees a changed row.
     */
    public Optional<Long> consume(String token, Purpose purpose, Instant now) {
        if (!Tokens.plausible(token)) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        int used = jdbc.sql("UPDATE email_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ?"
                        + " AND used_at IS NULL AND expires_at > ?")
                .params(utc(now), hash, purpose.value(), utc(now))
                .update();
        if (used != 1) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT account_id FROM email_tokens WHERE token_hash = ?")
                .param(hash)
                .query(Long.class)
                .optional();
    }

    /** Ends every other open token of this purpose (a reset done makes older reset links useless). */
    public void revokeAll(long accountId, Purpose purpose, Instant now) {
        jdbc.sql("UPDATE email_tokens SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL")
                .params(utc(now), accountId, purpose.value())
                .update();
    }
}
