package org.reservegrid.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.http.Http;

/**
 * rg-auth started from {@code rg-auth.jar} on a free loopback port with its embedded database in a temporary data
 * directory (unless the settings name {@code VELDRA_AUTH_DATABASE_URL}) and emails printed to its output (unless
 * they name an SMTP host), where {@link #emails()} reads them back.
 */
public final class AuthProcess implements AutoCloseable {
    private final ServiceProcess process;
    private final Path dir;
    private final Path log;

    private AuthProcess(ServiceProcess process, Path dir, Path log) {
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    /** Starts rg-auth and waits until it is ready; {@code settings} add to or override the defaults. */
    public static AuthProcess start(Path jar, Map<String, String> settings) {
        Path dir = TemporaryDirectories.create("rg-test-auth-");
        Path log = dir.resolve("rg-auth.log");
        int port = FreePorts.loopback();
        Map<String, String> environment = new HashMap<>();
        environment.put("VELDRA_AUTH_BIND", "127.0.0.1");
        environment.put("VELDRA_AUTH_PORT", Integer.toString(port));
        environment.put("VELDRA_DATA_DIR", dir.resolve("data").toString());
        environment.put("VELDRA_LOG_FORMAT", "text");
        environment.putAll(settings);
        ServiceProcess process = ServiceProcess.jar("rg-auth", jar)
                .httpPort(port)
                .environment(environment)
                .log(log)
                .jvmOptions(ServiceProcess.FAST_START)
                .build();
        AuthProcess auth = new AuthProcess(process, dir, log);
        try {
            process.launch();
            process.awaitReady();
        } catch (RuntimeException | AssertionError e) {
            auth.close();
            throw e;
        }
        return auth;
    }

    public ServiceProcess service() {
        return process;
    }

    public Http http() {
        return process.http();
    }

    public int port() {
        return process.httpPort();
    }

    /** Every email printed so far, in order. */
    public List<StubEmail> emails() {
        try {
            return StubEmail.parse(Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The emails to {@code to} (any case) once there are at least {@code count}; fails after the timeout. */
    public List<StubEmail> awaitEmails(String to, int count, Duration timeout) {
        Await.until(
                "at least " + count + " emails to " + to,
                timeout,
                () -> emailsTo(to).size() >= count);
        return emailsTo(to);
    }

    private List<StubEmail> emailsTo(String to) {
        String address = to.toLowerCase(Locale.ROOT);
        return emails().stream()
                .filter(email -> email.to().toLowerCase(Locale.ROOT).equals(address))
                .toList();
    }

    /** The newest of {@link #awaitEmails}: the email a flow just caused. */
    public StubEmail awaitEmail(String to, int count, Duration timeout) {
        return awaitEmails(to, count, timeout).get(count - 1);
    }

    /** The log, for assertions that something never appears in it. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops rg-auth and deletes its data directory. */
    @Override
    public void close() {
        process.close();
        TemporaryDirectories.delete(dir);
    }
}
