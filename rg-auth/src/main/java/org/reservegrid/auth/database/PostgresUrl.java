package org.reservegrid.auth.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.secret.Secret;

/**
 * {@code VELDRA_AUTH_DATABASE_URL} taken apart: operators write the libpq form
 * ({@code postgresql://user:pass@host:5432/db?sslmode=require}) or a JDBC URL; the JDBC driver wants credentials
 * apart from the URL. {@link #location()} is the loggable part (no user, no password).
 */
record PostgresUrl(String jdbcUrl, Optional<String> user, Optional<Secret> password, String location) {

    static PostgresUrl parse(Secret secret) {
        String value = secret.reveal();
        if (value.startsWith("jdbc:")) {
            String rest = value.substring("jdbc:".length());
            return new PostgresUrl(value, Optional.empty(), Optional.empty(), hostAndPath(rest));
        }
        try {
            URI uri = new URI(value.replaceFirst("^postgres://", "postgresql://"));
            if (uri.getHost() == null) {
                throw invalid();
            }
            Optional<String> user = Optional.empty();
            Optional<Secret> password = Optional.empty();
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
                if (colon >= 0 && colon < userInfo.length() - 1) {
                    password = Optional.of(Secret.of(decode(userInfo.substring(colon + 1))));
                }
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String jdbc = "jdbc:postgresql://" + uri.getHost() + port + path + query;
            return new PostgresUrl(jdbc, user, password, uri.getHost() + port + path);
        } catch (URISyntaxException e) {
            throw invalid();
        }
    }

    private static String hostAndPath(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() != null) {
                return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
            }
            // Several hosts (h1:5432,h2:5432) are no server-based authority to java.net.URI; name them all, but
            // never what precedes an '@'.
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            return authority.substring(authority.lastIndexOf('@') + 1) + uri.getPath();
        } catch (URISyntaxException e) {
            throw invalid();
        }
    }

    /** libpq's decoding: %XX only. URLDecoder alone would turn a '+' (legal in user info) into a space. */
    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static ConfigException invalid() {
        return new ConfigException(AuthSettings.DATABASE_URL, "is not a valid PostgreSQL URL; the value is not shown");
    }
}
