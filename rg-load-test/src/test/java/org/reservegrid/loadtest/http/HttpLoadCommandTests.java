package org.reservegrid.loadtest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.loadtest.LoadTestMainAccess;

class HttpLoadCommandTests {

    private static HttpLoadSettings parse(String... args) {
        return HttpLoadCommand.parse(List.of(args)).settings();
    }

    private static String request(HttpLoadSettings settings) {
        return new String(settings.encodedRequest(), StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheUrlIsRequiredAndTheRestHasDefaults() {
        HttpLoadCommand.Invocation invocation = HttpLoadCommand.parse(List.of("--url", "http://127.0.0.1:3030/health"));
        HttpLoadSettings settings = invocation.settings();

        assertThat(invocation.json()).isFalse();
        assertThat(settings.method()).isEqualTo("GET");
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(3030);
        assertThat(settings.target()).isEqualTo("/health");
        assertThat(settings.ratePerSecond()).isEqualTo(100);
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.connections()).isEqualTo(16);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.eventLoopThreads()).isEqualTo(1);
        assertThat(settings.serverPid()).isEmpty();
        assertThat(settings.body()).isNull();
        assertThat(request(settings)).isEqualTo("GET /health HTTP/1.1\r\nHost: 127.0.0.1:3030\r\n\r\n");
    }

    @Test
    void everyOptionIsRead() {
        HttpLoadCommand.Invocation invocation = HttpLoadCommand.parse(List.of(
                "--url",
                "http://localhost:8084/api/auth/me?x=1",
                "--method",
                "post",
                "--header",
                "Authorization: Bearer abc",
                "--header",
                "X-Forwarded-For:  10.0.0.7 ",
                "--body",
                "{\"a\":1}",
                "--rate",
                "2000",
                "--duration",
                "60",
                "--warmup",
                "0.5",
                "--connections",
                "32",
                "--timeout",
                "2.5",
                "--event-loop-threads",
                "2",
                "--server-pid",
                "4242",
                "--json"));
        HttpLoadSettings settings = invocation.settings();

        assertThat(invocation.json()).isTrue();
        assertThat(settings.method()).isEqualTo("POST");
        assertThat(settings.target()).isEqualTo("/api/auth/me?x=1");
        assertThat(settings.headers())
                .containsExactly(
                        new HttpLoadSettings.Header("Authorization", "Bearer abc"),
                        new HttpLoadSettings.Header("X-Forwarded-For", "10.0.0.7"));
        assertThat(settings.ratePerSecond()).isEqualTo(2_000);
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.connections()).isEqualTo(32);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(settings.eventLoopThreads()).isEqualTo(2);
        assertThat(settings.serverPid()).hasValue(4242);
        assertThat(request(settings))
                .isEqualTo("POST /api/auth/me?x=1 HTTP/1.1\r\n"
                        + "Host: localhost:8084\r\n"
                        + "Authorization: Bearer abc\r\n"
                        + "X-Forwarded-For: 10.0.0.7\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 7\r\n"
                        + "\r\n"
                        + "{\"a\":1}");
    }

    @Test
    void aHostOrContentTypeHeaderReplacesTheDefaultOne() {
        HttpLoadSettings settings = parse(
                "--url", "http://127.0.0.1/",
                "--header", "host: example.org",
                "--header", "Content-Type: text/plain",
                "--body", "é");

        assertThat(request(settings))
                .isEqualTo(
                        "GET / HTTP/1.1\r\nhost: example.org\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\né");
    }

    @Test
    void theHostHeaderOfAnIpv6UrlIsBracketedAndAnEmptyPathIsTheRoot() {
        HttpLoadSettings settings = parse("--url", "http://[::1]:3030");

        assertThat(settings.port()).isEqualTo(3030);
        assertThat(request(settings)).isEqualTo("GET / HTTP/1.1\r\nHost: [::1]:3030\r\n\r\n");
    }

    @Test
    void theBodyCanComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("login.json");
        Files.writeString(file, "{\"email\":\"a@b.c\"}");

        HttpLoadSettings settings =
                parse("--url", "http://127.0.0.1:1/api/auth/login", "--method", "POST", "--body-file", file.toString());

        assertThat(settings.body()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void badOptionsAreRefusedWithAReason() {
        assertRefused("--url is required", "--rate", "10");
        assertRefused("unknown option --rps", "--url", "http://h/", "--rps", "10");
        assertRefused("--rate needs a number, got 'fast'", "--url", "http://h/", "--rate", "fast");
        assertRefused("--rate must be above 0", "--url", "http://h/", "--rate", "0");
        assertRefused("--connections needs a whole number", "--url", "http://h/", "--connections", "1.5");
        assertRefused("--connections must be between 1 and 10000", "--url", "http://h/", "--connections", "0");
        assertRefused("--duration must be positive", "--url", "http://h/", "--duration", "0");
        assertRefused("--warmup must be a non-negative number", "--url", "http://h/", "--warmup", "-1");
        assertRefused("--timeout must be positive", "--url", "http://h/", "--timeout", "0");
        assertRefused("--url must be an http:// URL", "--url", "https://h/");
        assertRefused("--url must be an http:// URL", "--url", "/api/auth/me");
        assertRefused("--url is not a URL", "--url", "http://h/a b");
        assertRefused("--header must look like 'Name: value'", "--url", "http://h/", "--header", "Authorization");
        assertRefused("is not an HTTP token", "--url", "http://h/", "--header", "Bad Name: x");
        assertRefused("line break", "--url", "http://h/", "--header", "X-A: b\r\nX-Injected: c");
        assertRefused("the body's length is computed", "--url", "http://h/", "--header", "Content-Length: 5");
        assertRefused("--method must be an HTTP token", "--url", "http://h/", "--method", "GE T");
        assertRefused("give one of --body and --body-file", "--url", "http://h/", "--body", "a", "--body", "b");
        assertRefused("cannot read --body-file", "--url", "http://h/", "--body-file", "/nonexistent/body.json");
        assertRefused("--url needs a value", "--url");
    }

    private static void assertRefused(String reason, String... args) {
        assertThatThrownBy(() -> HttpLoadCommand.parse(List.of(args)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void badUsageOnTheCommandLineExitsWithTwoAndPrintsUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = LoadTestMainAccess.run(
                List.of("http", "--url", "http://127.0.0.1/", "--rate", "-5"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("rg-load-test: --rate must be above 0")
                .contains("usage: rg-load-test http --url URL");
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = LoadTestMainAccess.run(
                List.of("http", "--help"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--header 'Name: value'");
    }
}
