package org.reservegrid.auth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.auth.AuthApplication;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.mail.SelfSignedCertificate;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * With TLS on (VELDRA_TLS_MODE=file), rg-auth serves HTTPS and its session cookie is {@code Secure} with the
 * {@code __Host-} prefix; an https public URL alone (TLS ended by a proxy in front) does the same to the cookie.
 */
class TlsCookieTests {
    private ConfigurableApplicationContext context;
    private Path dir;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (dir != null) {
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    @Test
    void withTlsTheCookieIsSecureAndHostPrefixed() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.shared();
        dir = Files.createTempDirectory("rg-auth-tls-");
        Path cert = Files.writeString(dir.resolve("cert.pem"), certificate.certificatePem(), StandardCharsets.US_ASCII);
        Path key = Files.writeString(dir.resolve("key.pem"), certificate.privateKeyPem(), StandardCharsets.US_ASCII);
        int port = start(List.of("--VELDRA_TLS_MODE=file", "--VELDRA_TLS_CERT=" + cert, "--VELDRA_TLS_KEY=" + key));
        Http https = new Http("https://localhost:" + port, certificate.trustingContext());

        String cookie = loginCookie(https);
        assertThat(cookie)
                .startsWith("__Host-rg_session=")
                .contains("Secure")
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/")
                .doesNotContainIgnoringCase("Domain=");
        HttpResult me = https.send("GET", "/api/auth/me", null, "Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(me.status()).isEqualTo(200);
        assertThat(https.get("/api/auth/me").headers().firstValue("Strict-Transport-Security"))
                .isPresent();
    }

    @Test
    void anHttpsPublicUrlAloneMakesTheCookieSecure() throws Exception {
        dir = Files.createTempDirectory("rg-auth-tls-");
        int port = start(List.of("--VELDRA_AUTH_PUBLIC_URL=https://dashboard.pool.example"));
        assertThat(loginCookie(Http.loopback(port)))
                .startsWith("__Host-rg_session=")
                .contains("Secure");
    }

    private int start(List<String> settings) {
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--VELDRA_AUTH_PORT=0",
                "--VELDRA_DATA_DIR=" + dir.resolve("data"),
                "--VELDRA_AUTH_ADMIN_EMAIL=admin@tls.example"));
        arguments.addAll(settings);
        context = AuthApplication.application().run(arguments.toArray(String[]::new));
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Registers and verifies the bootstrap admin (token read from the outbox row) and returns the login's cookie. */
    private String loginCookie(Http http) {
        String json = "{\"email\":\"admin@tls.example\",\"password\":\"tls admin passphrase\"}";
        assertThat(http.send("POST", "/api/auth/register", json, "Content-Type", "application/json")
                        .status())
                .isEqualTo(202);
        String token = verificationToken();
        assertThat(http.send(
                                "POST",
                                "/api/auth/verify",
                                "{\"token\":\"" + token + "\"}",
                                "Content-Type",
                                "application/json")
                        .status())
                .isEqualTo(200);
        HttpResult login = http.send("POST", "/api/auth/login", json, "Content-Type", "application/json");
        assertThat(login.status()).isEqualTo(200);
        return login.headers().firstValue("Set-Cookie").orElseThrow();
    }

    /**
     * The verification token. The outbox may already have sent (and cleared) the email, so a new token is issued
     * straight into the table for the account instead; this test is about cookies, not email.
     */
    private String verificationToken() {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        long account = jdbc.sql("SELECT id FROM accounts WHERE email_key = ?")
                .param("admin@tls.example")
                .query(Long.class)
                .single();
        var tokens = context.getBean(org.reservegrid.auth.token.EmailTokenStore.class);
        String token = tokens.issue(
                account, org.reservegrid.auth.token.EmailTokenStore.Purpose.VERIFY, java.time.Instant.now());
        Matcher plausible = Pattern.compile("[A-Za-z0-9_-]{43}").matcher(token);
        assertThat(plausible.matches()).isTrue();
        return token;
    }
}
