package org.reservegrid.auth.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.reservegrid.auth.AuthApplication;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.time.MovableClock;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * rg-auth in-process (real HTTP server, real embedded database) with its clock replaced by a {@link MovableClock},
 * so expiry tests step past hours and days without waiting. Emails are read back from the stdout stub, which this
 * class tees into a buffer while the service runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MovableClockAuth {
    static final String ADMIN = "admin@expiry.example";
    static final MovableClock CLOCK = new MovableClock();

    private Path dir;

    private ConfigurableApplicationContext context;
    private Http http;
    private String adminToken;
    private final java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    private final java.io.PrintStream originalOut = System.out;

    /** Settings beyond the defaults, as {@code --VELDRA_...=value} arguments. */
    abstract List<String> settings();

    /**
     * Deliberately not a {@code @Configuration}: that would be picked up by the application's component scan in every
     * other in-process test of this JVM and hand them this moved clock. Passed as a source, its bean still counts.
     */
    static class MovableClockConfiguration {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("rg-auth-clock-");
        java.io.OutputStream tee = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                originalOut.write(b);
                synchronized (printed) {
                    printed.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                originalOut.write(bytes, offset, length);
                synchronized (printed) {
                    printed.write(bytes, offset, length);
                }
            }
        };
        System.setOut(new java.io.PrintStream(tee, true, java.nio.charset.StandardCharsets.UTF_8));
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--VELDRA_AUTH_PORT=0",
                "--VELDRA_DATA_DIR=" + dir.resolve("data"),
                "--VELDRA_AUTH_ADMIN_EMAIL=" + ADMIN,
                "--VELDRA_AUTH_RATE_LIMIT_MULTIPLIER=100"));
        arguments.addAll(settings());
        context = AuthApplication.application()
                .sources(MovableClockConfiguration.class)
                .run(arguments.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        http = Http.loopback(port);
        register(ADMIN, "expiry admin passphrase");
        assertThat(verify(lastToken(ADMIN, "verify")).status()).isEqualTo(200);
        adminToken = loginToken(ADMIN, "expiry admin passphrase");
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        System.setOut(originalOut);
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
    }

    void activeAccount(String email, String password) {
        register(email, password);
        assertThat(verify(awaitToken(email, "verify")).status()).isEqualTo(200);
        // A fresh admin session each time: another test may have moved the clock past the last one's expiry.
        adminToken = loginToken(ADMIN, "expiry admin passphrase");
        HttpResult pending = get("/api/auth/admin/users?state=pending", adminToken);
        long id = -1;
        for (var user : pending.json().get("users")) {
            if (user.get("email").asString().equals(email)) {
                id = user.get("id").asLong();
            }
        }
        assertThat(id).as("%s pending: %s", email, pending).isPositive();
        assertThat(http.send(
                                "POST",
                                "/api/auth/admin/users/" + id + "/approve",
                                "",
                                "Authorization",
                                "Bearer " + adminToken)
                        .status())
                .isEqualTo(200);
    }

    String awaitToken(String email, String kind) {
        Await.until(
                "a " + kind + " email to " + email, Duration.ofSeconds(20), () -> lastTokenOrNull(email, kind) != null);
        return lastToken(email, kind);
    }

    private String lastToken(String email, String kind) {
        String token = lastTokenOrNull(email, kind);
        assertThat(token).as("%s email to %s", kind, email).isNotNull();
        return token;
    }

    /** The token of the newest stub email to this address whose subject names the kind. */
    private String lastTokenOrNull(String email, String kind) {
        String subject = kind.equals("reset") ? "Reset" : "Verify";
        List<String> lines;
        synchronized (printed) {
            lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        List<org.reservegrid.testkit.process.StubEmail> emails =
                org.reservegrid.testkit.process.StubEmail.parse(lines).stream()
                        .filter(mail -> mail.to().equalsIgnoreCase(email)
                                && mail.subject().contains(subject))
                        .toList();
        return emails.isEmpty() ? null : emails.getLast().token();
    }

    HttpResult register(String email, String password) {
        return post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    HttpResult verify(String token) {
        return post("/api/auth/verify", "{\"token\":\"" + token + "\"}");
    }

    HttpResult login(String email, String password) {
        return post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    String loginToken(String email, String password) {
        HttpResult login = login(email, password);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login.json().get("token").asString();
    }

    HttpResult me(String token) {
        return get("/api/auth/me", token);
    }

    private HttpResult get(String path, String token) {
        return http.send("GET", path, null, "Authorization", "Bearer " + token);
    }

    HttpResult post(String path, String json) {
        return http.send("POST", path, json, "Content-Type", "application/json");
    }
}
