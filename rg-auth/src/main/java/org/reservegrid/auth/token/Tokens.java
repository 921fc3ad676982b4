package org.reservegrid.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random tokens and their stored form. A token is 32 bytes (256 bits) from {@link SecureRandom}, base64url without
 * padding (43 characters); only its SHA-256 is stored, so a copy of the database opens no session and follows no
 * link. A plain hash suffices (no salt, no slow hash): the input is 256 random bits, not a guessable secret.
 */
public final class Tokens {
    public static final int BYTES = 32;
    /** Longer input is not one of ours; checked before hashing so a huge header costs nothing. */
    public static final int MAX_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    public static String random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** SHA-256 of the token's characters, as 64 lower-case hex digits. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** A token derived from another one under a label (the CSRF token of a session): not reversible to it. */
    public static String derive(String label, String token) {
        return BASE64URL.encodeToString(sha256((label + ":" + token).getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison of two tokens. */
    public static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the text could be one of our tokens at all (length and alphabet). */
    public static boolean plausible(String token) {
        if (token.isEmpty() || token.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
