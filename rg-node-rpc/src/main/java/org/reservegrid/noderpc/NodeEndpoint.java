package org.reservegrid.noderpc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;

/**
 * Where the node's JSON-RPC interface is and how to log in. The URL never carries user info (settings validation
 * refuses it), so it is safe to log; the credentials are {@link Secret}s and only become an Authorization header.
 */
public record NodeEndpoint(
        URI url, @Nullable Secret user, @Nullable Secret password) {

    /** The HTTP Basic header value, or empty when no credentials are configured (a node without RPC auth). */
    Optional<String> basicAuthorization() {
        if (user == null && password == null) {
            return Optional.empty();
        }
        String pair = (user == null ? "" : user.reveal()) + ":" + (password == null ? "" : password.reveal());
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
