package org.reservegrid.feedadapter.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;

/**
 * HTTP basic authentication for the JSON-RPC endpoint, as bitcoind's {@code rpcuser}/{@code rpcpassword}.
 * Credentials are compared as SHA-256 digests so the check takes the same time whatever is presented.
 */
final class BasicAuth {
    private final byte @Nullable [] expected;

    /** Authentication is off without a password. */
    BasicAuth(Optional<String> user, Optional<Secret> password) {
        this.expected = password.map(secret -> digest(user.orElse("") + ":" + secret.reveal()))
                .orElse(null);
    }

    /** Whether an {@code Authorization} header value grants access. */
    boolean permits(@Nullable String authorization) {
        if (expected == null) {
            return true;
        }
        String presented = "";
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                presented = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                presented = "";
            }
        }
        return MessageDigest.isEqual(expected, digest(presented));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
