package org.reservegrid.testkit.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One database of a {@link PostgresServer} and the login role that owns it; no other role but the server's
 * superuser may connect to it.
 */
public record Database(String name, String user, String password, String host, int port) {

    /** {@code jdbc:postgresql://host:port/name}, without credentials (pass {@link #user} and {@link #password}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** {@code postgresql://user:password@host:port/name}, user and password URL-encoded (libpq's URI form). */
    public String url() {
        return "postgresql://" + encode(user) + ":" + encode(password) + "@" + host + ":" + port + "/" + name;
    }

    /** A JDBC connection as the owning role. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Without the password: a database can end up in an assertion message or a log. */
    @Override
    public String toString() {
        return "Database[name=" + name + ", user=" + user + ", password=(redacted), host=" + host + ", port=" + port
                + "]";
    }

    private static String encode(String value) {
        // URLEncoder is for form bodies: its '+' for a space means a plus sign in a URI's user info.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
