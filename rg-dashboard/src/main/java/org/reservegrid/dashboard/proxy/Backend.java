package org.reservegrid.dashboard.proxy;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One service behind the dashboard.
 *
 * @param name the service's name, in error bodies and metric tags ({@code pool-verifier})
 * @param prefix the dashboard path it owns ({@code /api/verifier})
 * @param baseUrl where it listens
 * @param targetPrefix what {@code prefix} becomes on the service ({@code /api}); rg-auth's is its own prefix
 * @param gated whether a request needs a session first (every backend except rg-auth itself)
 */
public record Backend(String name, String prefix, URI baseUrl, String targetPrefix, boolean gated) {

    /** Whether {@code rawPath} is this backend's: its prefix itself or below it. */
    boolean owns(String rawPath) {
        return rawPath.equals(prefix) || rawPath.startsWith(prefix + "/");
    }

    /** The service's URI for a dashboard path and raw query, both still percent-encoded as the browser sent them. */
    URI target(String rawPath, @Nullable String rawQuery) {
        String path = targetPrefix + rawPath.substring(prefix.length());
        return URI.create(baseUrl + path + (rawQuery == null ? "" : "?" + rawQuery));
    }
}
