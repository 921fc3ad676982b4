package org.reservegrid.testkit.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.process.TemporaryDirectories;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real SMTP server on a free loopback port: aiosmtpd (Python, installed by {@code
 * scripts/ci/install-smtp-test-server.sh}) running this package's {@code smtp_test_server.py} as a child process.
 * {@link #startTls} offers STARTTLS with a self-signed certificate for {@code localhost} and {@code 127.0.0.1} ({@link
 * #certificatePem()}), refuses mail before it and requires AUTH PLAIN or LOGIN with the given credentials (535 on
 * wrong ones); {@link #plain()} offers neither STARTTLS nor AUTH and takes every message.
 *
 * <p>Lifecycle: the factories return it listening; {@link #stop()} and {@link #restart()} simulate an outage on the
 * same port and mode; {@link #close()} stops it and deletes its files. Messages and events accumulate across restarts.
 * A missing aiosmtpd is a {@link Prerequisite}: the calling test is skipped locally and fails in CI.
 */
public final class SmtpTestServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCRIPT = "smtp_test_server.py";

    private final List<String> command;
    private final @Nullable String password;
    private final int port;
    private final Path directory;
    private final Path certificate;
    private final Path log;
    private final List<ReceivedMail> messages = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private @Nullable Process process;
    private @Nullable Thread reader;

    private SmtpTestServer(String mode, @Nullable String user, @Nullable String password, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
        Path python = requireAiosmtpd();
        SelfSignedCertificate pem = SelfSignedCertificate.shared();
        this.port = port;
        this.password = password;
        this.directory = TemporaryDirectories.create("rg-smtp-test-server-");
        this.certificate = directory.resolve("certificate.pem");
        this.log = directory.resolve("server.log");
        Path key = directory.resolve("private-key.pem");
        Path script = directory.resolve(SCRIPT);
        try (InputStream source = SmtpTestServer.class.getResourceAsStream(SCRIPT)) {
            if (source == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the testkit jar");
            }
            Files.copy(source, script);
            Files.writeString(certificate, pem.certificatePem(), StandardCharsets.US_ASCII);
            Files.writeString(key, pem.privateKeyPem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            TemporaryDirectories.delete(directory);
            throw new UncheckedIOException(e);
        }
        List<String> command =
                new ArrayList<>(List.of(python.toString(), script.toString(), mode, "--port", Integer.toString(port)));
        if (user != null) {
            command.addAll(List.of("--cert", certificate.toString(), "--key", key.toString(), "--user", user));
        }
        this.command = List.copyOf(command);
    }

    /** A server that requires STARTTLS, then AUTH PLAIN or LOGIN as {@code user} with {@code password}. */
    public static SmtpTestServer startTls(String user, String password) {
        return startTls(user, password, FreePorts.loopback());
    }

    /**
     * {@link #startTls(String, String)} on a given loopback port: a client configured for a server that was there
     * before (another mode, stopped) finds this one in its place.
     */
    public static SmtpTestServer startTls(String user, String password, int port) {
        return new SmtpTestServer("starttls", user, password, port).started();
    }

    /** A server without STARTTLS and without AUTH that accepts every message. */
    public static SmtpTestServer plain() {
        return plain(FreePorts.loopback());
    }

    /** {@link #plain()} on a given loopback port. */
    public static SmtpTestServer plain(int port) {
        return new SmtpTestServer("plain", null, null, port).started();
    }

    public int port() {
        return port;
    }

    /** The PEM certificate the server presents after STARTTLS, for a client's trust store. */
    public Path certificatePem() {
        return certificate;
    }

    /** The messages accepted so far, in order. */
    public List<ReceivedMail> messages() {
        return List.copyOf(messages);
    }

    /** Waits until at least {@code count} messages arrived and returns all so far; the timeout only bounds a failure. */
    public List<ReceivedMail> awaitMessages(int count, Duration timeout) {
        try {
            Await.until(
                    count + " mail(s) at the SMTP test server on port " + port,
                    timeout,
                    () -> messages.size() >= count);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received " + messages.size() + ", events " + events
                    + "; server log:\n" + serverLog());
        }
        return messages();
    }

    /**
     * What happened so far, in order, one string each: {@code ready starttls|plain}, {@code connect}, {@code ehlo
     * <client name>}, {@code starttls} (handshake done), {@code auth ok <user>}, {@code auth failed <user>}, {@code
     * message}, {@code disconnect}.
     */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Stops the server (connections are then refused), after which every event it wrote has been read. */
    public synchronized void stop() {
        Process current = process;
        Thread currentReader = reader;
        if (current == null || currentReader == null) {
            return;
        }
        try {
            current.destroy();
            if (!current.waitFor(10, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            currentReader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        reader = null;
    }

    /** Stops the server if it runs and starts it again on the same port, in the same mode. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the server and deletes its temporary files. */
    @Override
    public synchronized void close() {
        stop();
        TemporaryDirectories.delete(directory);
    }

    private SmtpTestServer started() {
        try {
            launch();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private synchronized void launch() {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("SMTP_TEST_PASSWORD");
        if (password != null) {
            builder.environment().put("SMTP_TEST_PASSWORD", password);
        }
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the SMTP test server could not be launched", e);
        }
        CountDownLatch ready = new CountDownLatch(1);
        process = started;
        reader = Thread.ofPlatform()
                .daemon()
                .name("smtp-test-server-" + port)
                .start(() -> read(started.getInputStream(), ready));
        Await.until(
                "the SMTP test server on port " + port + " to listen",
                Await.DEFAULT,
                () -> ready.getCount() == 0 || !started.isAlive());
        if (ready.getCount() != 0) {
            stop();
            throw new IllegalStateException(
                    "the SMTP test server did not start on port " + port + "; log:\n" + serverLog());
        }
    }

    /** Reads the server's JSON lines until it exits (the stdout pipe closes). */
    private void read(InputStream output, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (record(line).equals("ready")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            events.add("output unreadable: " + e.getMessage());
        }
    }

    /** Records one line of the server's output and returns its event. */
    private String record(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            events.add("unexpected output: " + line);
            return "";
        }
        String event = node.path("event").asString("");
        String detail = node.path("detail").asString("");
        if (event.equals("message")) {
            List<String> recipients = new ArrayList<>();
            node.path("rcpt_tos").forEach(recipient -> recipients.add(recipient.asString()));
            JsonNode authUser = node.path("auth_user");
            messages.add(new ReceivedMail(
                    node.path("mail_from").asString(""),
                    recipients,
                    node.path("tls").asBoolean(false),
                    authUser.isString() ? Optional.of(authUser.asString()) : Optional.empty(),
                    node.path("data").asString("")));
        }
        events.add(detail.isEmpty() ? event : event + " " + detail);
        return event;
    }

    private String serverLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The venv's python, when aiosmtpd is installed in it; otherwise skips the calling test, or fails it in CI. */
    private static Path requireAiosmtpd() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path cacheHome =
                cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
        Path venv = cacheHome.resolve("reservegrid").resolve("smtp-venv");
        Path python = venv.resolve("bin").resolve("python");
        boolean installed = false;
        if (Files.isExecutable(python) && Files.isDirectory(venv.resolve("lib"))) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(venv.resolve("lib"), "python*")) {
                for (Path version : versions) {
                    installed |= Files.isRegularFile(version.resolve("site-packages/aiosmtpd/smtp.py"));
                }
            } catch (IOException e) {
                installed = false;
            }
        }
        Prerequisite.require(
                "aiosmtpd",
                installed
                        ? Optional.empty()
                        : Optional.of("no aiosmtpd in " + venv + ": run scripts/ci/install-smtp-test-server.sh"));
        return python;
    }
}
