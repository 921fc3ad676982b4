package org.reservegrid.testkit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Against a real PostgreSQL server (skipped without one locally, failed without one under CI=true). */
class PostgresServerTests {

    @Test
    void aNewDatabaseTakesATableAndReadsItBackAsItsOwnRole() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        Database database = server.createDatabase("tables");
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE pools (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("INSERT INTO pools VALUES (1, 'nord-1'), (2, 'süd-2')");
            assertThat(strings(statement, "SELECT name FROM pools ORDER BY id")).isEqualTo("nord-1,süd-2");
            assertThat(strings(statement, "SELECT current_user || ' ' || current_database()"))
                    .isEqualTo(database.user() + " " + database.name());
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void aSecondDatabaseSeesNothingOfTheFirstAndItsRoleCannotConnectThere() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        Database first = server.createDatabase("first");
        Database second = server.createDatabase("first");
        try {
            assertThat(second.name()).isNotEqualTo(first.name());
            try (Connection connection = first.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE only_in_first (id INT)");
            }
            try (Connection connection = second.connect();
                    Statement statement = connection.createStatement()) {
                assertThat(strings(statement, "SELECT count(*) FROM pg_class WHERE relname = 'only_in_first'"))
                        .isEqualTo("0");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(second.jdbcUrl(), first.user(), first.password())
                            .close())
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState())
                                    .isEqualTo("42501")); // insufficient_privilege: permission denied for database
        } finally {
            server.dropDatabase(first);
            server.dropDatabase(second);
        }
    }

    @Test
    void theRightPasswordIsRequired() {
        PostgresServer server = PostgresServer.shared();
        Database database = server.createDatabase("passwords");
        try {
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.user(), "wrong")
                            .close())
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("28P01")); // invalid_password
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl() + "?user=" + database.user())
                            .close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no password was provided");
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void aDroppedDatabaseAndItsRoleAreGone() {
        PostgresServer server = PostgresServer.shared();
        Database database = server.createDatabase("dropped");
        server.dropDatabase(database);
        assertThatThrownBy(() -> database.connect().close()).isInstanceOf(SQLException.class);
    }

    @Test
    void theUrlsNameTheServerTheDatabaseAndTheCredentials() {
        Database database = PostgresServer.shared().createDatabase("Urls-And Names");
        try {
            assertThat(database.name()).matches("urls_and_names_\\d+").isEqualTo(database.user());
            assertThat(database.host()).isEqualTo("127.0.0.1");
            assertThat(database.port()).isEqualTo(PostgresServer.shared().port());
            assertThat(database.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + database.port() + "/" + database.name());
            URI url = URI.create(database.url());
            assertThat(url.getScheme()).isEqualTo("postgresql");
            assertThat(url.getUserInfo()).isEqualTo(database.user() + ":" + database.password());
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(url.getPort()).isEqualTo(database.port());
            assertThat(url.getPath()).isEqualTo("/" + database.name());
            assertThat(database.toString()).doesNotContain(database.password());
        } finally {
            PostgresServer.shared().dropDatabase(database);
        }
    }

    @Test
    void aUserAndPasswordAreUrlEncodedInTheUrl() {
        Database database = new Database("db", "us er", "p@ss:w/rd", "127.0.0.1", 5432);
        assertThat(database.url()).isEqualTo("postgresql://us%20er:p%40ss%3Aw%2Frd@127.0.0.1:5432/db");
    }

    @Test
    void theSharedServerIsOneServerThatCannotBeStoppedByOneSuite() {
        PostgresServer server = PostgresServer.shared();
        assertThat(PostgresServer.shared()).isSameAs(server);
        assertThatThrownBy(server::stopServer).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(server::stop).isInstanceOf(IllegalStateException.class);
        server.close();
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void aStoppedServerRefusesConnectionsAndComesBackWithItsData() throws SQLException {
        try (PostgresServer server = PostgresServer.start()) {
            Database database = server.createDatabase("outage");
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE survivors (name TEXT)");
                statement.execute("INSERT INTO survivors VALUES ('kept')");
            }

            server.stopServer();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> database.connect().close())
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("08001")); // connection refused

            server.startServer();
            assertThat(server.isRunning()).isTrue();
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                assertThat(strings(statement, "SELECT name FROM survivors")).isEqualTo("kept");
            }
        }
    }

    /** The first column of every row, comma-separated. */
    private static String strings(Statement statement, String query) throws SQLException {
        StringBuilder values = new StringBuilder();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.append(values.isEmpty() ? "" : ",").append(rows.getString(1));
            }
        }
        return values.toString();
    }
}
