package org.reservegrid.common.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential read from the environment. It never shows its value in {@code toString}, logs or serialized
 * output; code that needs the value asks for it explicitly with {@link #reveal()} and compares it with
 * {@link #matches(String)} in constant time.
 */
public final class Secret {
    private static final String REDACTED = "[REDACTED]";

    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The plain value, for the one place that must hand it to a protocol (an HTTP header, a JDBC URL). */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so a timing side channel does not leak how much of a guess was right. */
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && MessageDigest.isEqual(value, that.value);
    }

    @Override
    public int hashCode() {
        // Deliberately constant: hashing the value would make it recoverable by brute force from logs of hashes.
        return Secret.class.hashCode();
    }

    /** Used by JSON writers that serialize objects reflectively: they see only the redaction marker. */
    public String redacted() {
        return REDACTED;
    }
}
