package org.reservegrid.spring.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;

/**
 * The bearer tokens a WebSocket endpoint accepts, each with an optional expiry. Checking an {@code Authorization}
 * header compares its digest with every token's (constant time, whatever the input and wherever it matches), so
 * neither the presented length nor which token matched leaks through timing. Immutable: a rotation builds a new
 * set and swaps it in.
 */
public final class BearerTokens {
    private static final String SCHEME = "bearer ";

    /** One accepted token. */
    public record Token(Secret value, @Nullable Instant expiresAt) {
        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** Why a request was refused; the code is the {@code reason} label of the refusal metric and the JSON error. */
    public enum Refusal {
        MISSING("token_missing", "an Authorization: Bearer <token> header is required", 401),
        INVALID("token_invalid", "the bearer token is not valid", 401),
        EXPIRED("token_expired", "the bearer token has expired", 403);

        private final String code;
        private final String message;
        private final int status;

        Refusal(String code, String message, int status) {
            this.code = code;
            this.message = message;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }

        public int httpStatus() {
            return status;
        }
    }

    private record Digested(byte[] digest, @Nullable Instant expiresAt) {}

    private final List<Digested> tokens;

    private BearerTokens(List<Token> tokens) {
        this.tokens = tokens.stream()
                .map(token -> new Digested(digest(token.value().reveal()), token.expiresAt()))
                .toList();
    }

    public static BearerTokens of(List<Token> tokens) {
        return new BearerTokens(List.copyOf(tokens));
    }

    /** No token at all: {@link #isOpen()} tells callers the endpoint needs none. */
    public static BearerTokens none() {
        return new BearerTokens(List.of());
    }

    /** True when no token is configured, so every request passes. */
    public boolean isOpen() {
        return tokens.isEmpty();
    }

    public int size() {
        return tokens.size();
    }

    /** Null when the header carries an accepted, unexpired token (or the set is open); the refusal otherwise. */
    public @Nullable Refusal check(@Nullable String authorization, Instant now) {
        if (tokens.isEmpty()) {
            return null;
        }
        if (authorization == null
                || authorization.length() <= SCHEME.length()
                || !authorization
                        .substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            return Refusal.MISSING;
        }
        byte[] presented = digest(authorization.substring(SCHEME.length()).strip());
        Digested matched = null;
        for (Digested token : tokens) {
            // No early exit: every token is compared whatever matched before.
            if (MessageDigest.isEqual(token.digest(), presented)) {
                matched = token;
            }
        }
        if (matched == null) {
            return Refusal.INVALID;
        }
        Instant expiresAt = matched.expiresAt();
        return expiresAt != null && !now.isBefore(expiresAt) ? Refusal.EXPIRED : null;
    }

    /** Hashing first makes the comparison independent of the presented length. */
    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
