package org.reservegrid.testkit.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.Prerequisite;

/**
 * A throwaway PostgreSQL cluster in a temporary directory, run from the newest {@code /usr/lib/postgresql/N/bin}
 * (Debian's layout; scripts/ci/install-postgres.sh installs it). It listens on 127.0.0.1 on a free port, asks every
 * client for a password (scram-sha-256) and runs without fsync: nothing in it outlives the test JVM.
 *
 * <p>Lifecycle: {@link #start()} runs initdb and starts the server; {@link #stopServer()} and {@link #startServer()}
 * take the same cluster (same port, same data) down and up again; {@link #stop()} or {@link #close()} stops it and
 * deletes the directory. A shutdown hook stops every server the JVM still has. Most suites take {@link #shared()} and
 * a fresh {@link #createDatabase database} each.
 *
 * <p>initdb and postgres refuse to run as root, so as root they run as the {@code postgres} system user (the Debian
 * package creates it) and the directory is handed to that user.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "reservegrid";
    private static final String SYSTEM_USER = "postgres";
    private static final String INSTALL_HINT = "run scripts/ci/install-postgres.sh";
    private static final long COMMAND_TIMEOUT_SECONDS = 180;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Set<PostgresServer> LIVE = ConcurrentHashMap.newKeySet();
    private static @Nullable PostgresServer shared;

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> List.copyOf(LIVE).forEach(PostgresServer::shutDown), "postgres-stop"));
    }

    private final Path bin;
    private final boolean asSystemUser;
    private final boolean isShared;
    private final Path directory;
    private final Path data;
    private final Path serverLog;
    private final Path toolLog;
    private final int port = FreePorts.loopback();
    private final String superuserPassword = randomSecret();
    private boolean running;

    private PostgresServer(Path bin, boolean asSystemUser, boolean isShared) {
        this.bin = bin;
        this.asSystemUser = asSystemUser;
        this.isShared = isShared;
        try {
            this.directory = Files.createTempDirectory("rg-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.data = directory.resolve("data");
        this.serverLog = directory.resolve("postgres.log");
        this.toolLog = directory.resolve("tools.log");
    }

    /** The server this JVM's suites share, started on first use; it stops when the JVM exits. */
    public static synchronized PostgresServer shared() {
        PostgresServer server = shared;
        if (server == null) {
            server = launch(true);
            shared = server;
        }
        return server;
    }

    /** A server of the caller's own, for tests that stop and restart it; {@link #close()} it. */
    public static PostgresServer start() {
        return launch(false);
    }

    private static PostgresServer launch(boolean isShared) {
        boolean root = runningAsRoot();
        Optional<Path> bin = newestInstallation();
        Optional<String> missing = bin.isEmpty()
                ? Optional.of("no " + INSTALLATIONS + "/*/bin/initdb: " + INSTALL_HINT)
                : root && !systemUserExists()
                        ? Optional.of("running as root needs the " + SYSTEM_USER + " system user: " + INSTALL_HINT)
                        : Optional.empty();
        Prerequisite.require("postgresql", missing);
        PostgresServer server = new PostgresServer(bin.orElseThrow(), root, isShared);
        LIVE.add(server);
        try {
            server.initialize();
            server.startCluster();
        } catch (RuntimeException e) {
            server.shutDown();
            throw e;
        }
        return server;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * A new database, named {@code prefix} (lower-cased, reduced to letters, digits and underscores) plus a number,
     * owned by a new login role of the same name with a random password.
     */
    public Database createDatabase(String prefix) {
        String name = databaseName(prefix);
        String password = randomSecret();
        String identifier = quoteIdentifier(name);
        superuserExecute(
                "CREATE ROLE " + identifier + " LOGIN PASSWORD '" + password + "'",
                "CREATE DATABASE " + identifier + " OWNER " + identifier,
                // PUBLIC may connect to any database by default; a suite's role sees its own database only.
                "REVOKE ALL ON DATABASE " + identifier + " FROM PUBLIC");
        return new Database(name, name, password, HOST, port);
    }

    /** Drops the database (closing its connections) and its role. */
    public void dropDatabase(Database database) {
        String identifier = quoteIdentifier(database.name());
        superuserExecute(
                "DROP DATABASE IF EXISTS " + identifier + " WITH (FORCE)",
                "DROP ROLE IF EXISTS " + quoteIdentifier(database.user()));
    }

    /** Stops the server, keeping its data and port, so clients find it unreachable until {@link #startServer()}. */
    public synchronized void stopServer() {
        requireOwnServer();
        stopCluster();
    }

    /** Starts the server again after {@link #stopServer()}, on the same port with the same data. */
    public synchronized void startServer() {
        requireOwnServer();
        startCluster();
    }

    /** Stops the server and deletes its directory; it cannot be started again after this. */
    public synchronized void stop() {
        requireOwnServer();
        shutDown();
    }

    /** Stops a server of the caller's own; the {@link #shared()} one keeps running for the JVM's other suites. */
    @Override
    public void close() {
        if (!isShared) {
            stop();
        }
    }

    private synchronized void shutDown() {
        stopCluster();
        LIVE.remove(this);
        deleteRecursively(directory);
    }

    private synchronized void startCluster() {
        if (!running) {
            run("pg_ctl", "-D", data.toString(), "-l", serverLog.toString(), "-w", "-t", "120", "start");
            running = true;
        }
    }

    private synchronized void stopCluster() {
        if (running) {
            running = false;
            if (execute("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop") != 0) {
                killPostmaster();
            }
        }
    }

    private void initialize() {
        Path passwordFile = directory.resolve("superuser-password");
        try {
            Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.UTF_8);
            if (asSystemUser) {
                UserPrincipal owner = directory
                        .getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByName(SYSTEM_USER);
                Files.setOwner(directory, owner);
                Files.setOwner(passwordFile, owner);
            }
            run(
                    "initdb",
                    "-D",
                    data.toString(),
                    "-U",
                    SUPERUSER,
                    "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync");
            Files.delete(passwordFile);
            // The settings live in the cluster's own file so that startServer() after stopServer() needs no options.
            String settings = String.join(
                    "\n",
                    "",
                    "listen_addresses = '" + HOST + "'",
                    "port = " + port,
                    "unix_socket_directories = '" + directory.toString().replace("'", "''") + "'",
                    "max_connections = 200",
                    "fsync = off",
                    "synchronous_commit = off",
                    "full_page_writes = off",
                    "");
            Files.writeString(
                    data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void superuserExecute(String... statements) {
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, SUPERUSER, superuserPassword);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            // The message names the statement's object, never the password it carries.
            throw new IllegalStateException("PostgreSQL on port " + port + ": " + e.getMessage(), e);
        }
    }

    private void run(String tool, String... arguments) {
        int exit = execute(tool, arguments);
        if (exit != 0) {
            throw new IllegalStateException(
                    tool + " exited with " + exit + ":\n" + tail(toolLog) + "\nserver log:\n" + tail(serverLog));
        }
    }

    /** Runs a PostgreSQL tool, its output appended to tools.log (a file, never a pipe the postmaster could keep). */
    private int execute(String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asSystemUser) {
            command.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(toolLog.toFile()));
        // PGPORT, PGDATA and friends from the caller's shell must not redirect the tools.
        builder.environment().keySet().removeIf(variable -> variable.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        tool + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s:\n" + tail(toolLog));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(tool + " could not be run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + tool, e);
        }
    }

    /** The fallback when pg_ctl cannot stop the server: SIGKILL the postmaster and its backends. */
    private void killPostmaster() {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return;
            }
            ProcessHandle.of(Long.parseLong(lines.get(0).strip())).ifPresent(postmaster -> {
                List<ProcessHandle> backends = postmaster.descendants().toList();
                postmaster.destroyForcibly();
                backends.forEach(ProcessHandle::destroyForcibly);
                postmaster.onExit().join();
            });
        } catch (IOException | NumberFormatException e) {
            // No pid file: the postmaster is gone already.
        }
    }

    private void requireOwnServer() {
        if (isShared) {
            throw new IllegalStateException(
                    "the shared PostgreSQL server serves every suite of this JVM; take PostgresServer.start() for one"
                            + " of your own to stop");
        }
    }

    private static String databaseName(String prefix) {
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "db_" + cleaned;
        }
        // PostgreSQL truncates identifiers to 63 bytes; the number must survive that.
        return cleaned.substring(0, Math.min(cleaned.length(), 50)) + "_" + DATABASES.incrementAndGet();
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** 144 random bits, URL-safe base64: letters, digits, '-' and '_', so nothing to escape in SQL. */
    private static String randomSecret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Optional<Path> newestInstallation() {
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(
                            version -> Integer.parseInt(version.getFileName().toString())))
                    .map(version -> version.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean runningAsRoot() {
        try {
            // /proc/self belongs to this process's effective user.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean systemUserExists() {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SYSTEM_USER);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
