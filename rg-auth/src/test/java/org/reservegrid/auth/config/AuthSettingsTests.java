package org.reservegrid.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.config.TlsFiles;

/**
 * Every variable {@link AuthSettings} reads: its default, a good value, and bad values that stop start-up with a
 * {@link ConfigException} naming the variable. A message never repeats a value that may hold a credential.
 */
class AuthSettingsTests {
    private static final String SMTP_PASSWORD = "smtp-pass-5c1e9b77";

    @Test
    void withNoVariablesEverySettingHasItsDocumentedDefault() throws Exception {
        AuthSettings settings = settings(Map.of());

        assertThat(settings.bindAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(settings.port()).isEqualTo(3030);
        assertThat(settings.dataDir()).isEqualTo(Path.of("data/rg-auth"));
        assertThat(settings.databaseUrl()).isEmpty();
        assertThat(settings.adminEmail()).isEmpty();
        assertThat(settings.publicUrl()).isEqualTo(URI.create("http://localhost:8084"));
        assertThat(settings.smtp()).isEmpty();
        assertThat(settings.rateLimitMultiplier()).isEqualTo(1.0);
        assertThat(settings.trustedProxies()).containsExactly("127.0.0.1", "::1");
        assertThat(settings.idleTimeout()).isZero();
        assertThat(settings.argon2()).isEqualTo(AuthSettings.Argon2Cost.OWASP_MINIMUM);
        assertThat(settings.tls()).isNull();
        assertThat(settings.secureCookies()).isFalse();
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        AuthSettings settings = settings(Map.of(AuthSettings.PORT, "  ", AuthSettings.PUBLIC_URL, ""));

        assertThat(settings.port()).isEqualTo(3030);
        assertThat(settings.publicUrl()).isEqualTo(URI.create("http://localhost:8084"));
    }

    @Nested
    class Bind {
        @Test
        void aLoopbackAddressIsTaken() throws Exception {
            assertThat(settings(Map.of(AuthSettings.BIND, "::1")).bindAddress())
                    .isEqualTo(InetAddress.getByName("::1"));
        }

        @Test
        void aNonLoopbackAddressIsTakenOnlyWithTheOptIn() throws Exception {
            Map<String, String> env = Map.of(AuthSettings.BIND, "0.0.0.0", "VELDRA_ALLOW_NON_LOOPBACK", "1");

            assertThat(settings(env).bindAddress()).isEqualTo(InetAddress.getByName("0.0.0.0"));
        }

        @Test
        void aNonLoopbackAddressWithoutTheOptInIsRefused() {
            assertRefused(AuthSettings.BIND, Map.of(AuthSettings.BIND, "0.0.0.0"));
        }
    }

    @Nested
    class Port {
        @Test
        void aPortIsTaken() {
            assertThat(settings(Map.of(AuthSettings.PORT, "4040")).port()).isEqualTo(4040);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http", "65536", "-1", "30.5"})
        void aValueThatIsNoPortIsRefused(String value) {
            assertRefused(AuthSettings.PORT, Map.of(AuthSettings.PORT, value));
        }
    }

    @Test
    void theDataDirectoryIsTaken() {
        assertThat(settings(Map.of(AuthSettings.DATA_DIR, "/var/lib/rg")).dataDir())
                .isEqualTo(Path.of("/var/lib/rg"));
    }

    @Nested
    class DatabaseUrl {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "postgresql://rg:s3cret@db.example.test:5432/accounts",
                    "postgres://rg:s3cret@db.example.test/accounts",
                    "jdbc:postgresql://db.example.test:5432/accounts"
                })
        void aPostgresqlUrlIsTakenAsASecret(String value) {
            AuthSettings settings = settings(Map.of(AuthSettings.DATABASE_URL, value));

            assertThat(settings.databaseUrl()).hasValueSatisfying(url -> {
                assertThat(url.reveal()).isEqualTo(value);
                assertThat(url.toString()).doesNotContain("s3cret");
            });
            assertThat(settings.toString()).doesNotContain("s3cret");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "mysql://rg:hunter2-db-secret@db.example.test/accounts",
                    "db.example.test:5432/accounts?password=hunter2-db-secret"
                })
        void anythingElseIsRefusedWithoutRepeatingTheValue(String value) {
            ConfigException refusal =
                    assertRefused(AuthSettings.DATABASE_URL, Map.of(AuthSettings.DATABASE_URL, value));

            assertThat(refusal.getMessage())
                    .doesNotContain("hunter2-db-secret")
                    .doesNotContain("db.example.test")
                    .contains("not shown");
        }
    }

    @Nested
    class AdminEmail {
        @Test
        void anAddressIsTakenInLowerCase() {
            assertThat(settings(Map.of(AuthSettings.ADMIN_EMAIL, "Admin@Example.TEST"))
                            .adminEmail())
                    .contains("admin@example.test");
        }

        @Test
        void aValueThatIsNoAddressIsRefused() {
            assertRefused(AuthSettings.ADMIN_EMAIL, Map.of(AuthSettings.ADMIN_EMAIL, "admin"));
        }
    }

    @Nested
    class PublicUrl {
        @Test
        void anHttpsUrlIsTakenWithoutItsTrailingSlashAndMakesCookiesSecure() {
            AuthSettings settings = settings(Map.of(AuthSettings.PUBLIC_URL, "https://rg.example.test:8443/"));

            assertThat(settings.publicUrl()).isEqualTo(URI.create("https://rg.example.test:8443"));
            assertThat(settings.secureCookies()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://rg.example.test", "rg.example.test", "http://", "http://bad host/"})
        void aValueThatIsNoHttpUrlIsRefused(String value) {
            assertRefused(AuthSettings.PUBLIC_URL, Map.of(AuthSettings.PUBLIC_URL, value));
        }
    }

    @Nested
    class Smtp {
        @Test
        void aHostWithAFromAddressSendsMailOnPort587WithoutAuth() {
            AuthSettings.Smtp smtp = settings(Map.of(
                            AuthSettings.SMTP_HOST, "mail.example.test",
                            AuthSettings.SMTP_FROM, "noreply@example.test"))
                    .smtp()
                    .orElseThrow();

            assertThat(smtp.host()).isEqualTo("mail.example.test");
            assertThat(smtp.port()).isEqualTo(587);
            assertThat(smtp.from()).isEqualTo("noreply@example.test");
            assertThat(smtp.user()).isEmpty();
            assertThat(smtp.password()).isEmpty();
            assertThat(smtp.caFile()).isEmpty();
        }

        @Test
        void everySmtpSettingIsTaken(@TempDir Path dir) throws IOException {
            Path ca = Files.writeString(dir.resolve("relay-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_PORT, "2525");
            env.put(AuthSettings.SMTP_USER, "rg-mailer");
            env.put(AuthSettings.SMTP_PASS, SMTP_PASSWORD);
            env.put(AuthSettings.SMTP_CA_FILE, ca.toString());

            AuthSettings.Smtp smtp = settings(env).smtp().orElseThrow();

            assertThat(smtp.port()).isEqualTo(2525);
            assertThat(smtp.user()).contains("rg-mailer");
            assertThat(smtp.password())
                    .hasValueSatisfying(
                            password -> assertThat(password.reveal()).isEqualTo(SMTP_PASSWORD));
            assertThat(smtp.caFile()).contains(ca);
            assertThat(smtp.toString()).doesNotContain(SMTP_PASSWORD);
        }

        @Test
        void smtpSettingsWithoutAHostAreIgnored() {
            assertThat(settings(Map.of(AuthSettings.SMTP_FROM, "noreply@example.test", AuthSettings.SMTP_PORT, "25"))
                            .smtp())
                    .isEmpty();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"smtp://mail.example.test", "mail.example.test:587", "mail example test", "-mail.example"})
        void aHostThatIsNoHostNameIsRefused(String value) {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_HOST, value);

            assertRefused(AuthSettings.SMTP_HOST, env);
        }

        @Test
        void anIpAddressIsAHost() {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_HOST, "::1");

            assertThat(settings(env).smtp().orElseThrow().host()).isEqualTo("::1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"submission", "0", "65536"})
        void aPortThatNoServerCanListenOnIsRefused(String value) {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_PORT, value);

            assertRefused(AuthSettings.SMTP_PORT, env);
        }

        @Test
        void aHostWithoutAFromAddressIsRefused() {
            assertRefused(AuthSettings.SMTP_FROM, Map.of(AuthSettings.SMTP_HOST, "mail.example.test"));
        }

        @Test
        void aFromThatIsNoAddressIsRefused() {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_FROM, "noreply");

            assertRefused(AuthSettings.SMTP_FROM, env);
        }

        @Test
        void aPasswordWithoutAUserIsRefusedWithoutRepeatingIt() {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_PASS, SMTP_PASSWORD);

            assertThat(assertRefused(AuthSettings.SMTP_USER, env).getMessage()).doesNotContain(SMTP_PASSWORD);
        }

        @Test
        void aUserWithoutAPasswordIsRefused() {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_USER, "rg-mailer");

            assertRefused(AuthSettings.SMTP_PASS, env);
        }

        @Test
        void aCaFileThatDoesNotExistIsRefused(@TempDir Path dir) {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_CA_FILE, dir.resolve("missing.pem").toString());

            assertRefused(AuthSettings.SMTP_CA_FILE, env);
        }

        @Test
        void aCaFileThatIsADirectoryIsRefused(@TempDir Path dir) {
            Map<String, String> env = smtpEnv();
            env.put(AuthSettings.SMTP_CA_FILE, dir.toString());

            assertRefused(AuthSettings.SMTP_CA_FILE, env);
        }

        private static Map<String, String> smtpEnv() {
            Map<String, String> env = new HashMap<>();
            env.put(AuthSettings.SMTP_HOST, "mail.example.test");
            env.put(AuthSettings.SMTP_FROM, "noreply@example.test");
            return env;
        }
    }

    @Nested
    class RateLimitMultiplier {
        @ParameterizedTest
        @CsvSource({"2.5, 2.5", "0.1, 0.1", "1000000, 1000000"})
        void aPositiveNumberIsTaken(String value, double expected) {
            assertThat(settings(Map.of(AuthSettings.RATE_LIMIT_MULTIPLIER, value))
                            .rateLimitMultiplier())
                    .isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "1000001", "lots", "NaN", "1e400"})
        void zeroANegativeAHugeOrANonNumberIsRefused(String value) {
            assertRefused(AuthSettings.RATE_LIMIT_MULTIPLIER, Map.of(AuthSettings.RATE_LIMIT_MULTIPLIER, value));
        }
    }

    @Nested
    class TrustedProxies {
        @Test
        void aListOfAddressesIsTakenTrimmed() {
            assertThat(settings(Map.of(AuthSettings.TRUSTED_PROXIES, " 10.0.0.1, fd00::1 ,,"))
                            .trustedProxies())
                    .containsExactly("10.0.0.1", "fd00::1");
        }

        @Test
        void anEmptyListTrustsNoProxy() {
            assertThat(settings(Map.of(AuthSettings.TRUSTED_PROXIES, ",")).trustedProxies())
                    .isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"proxy.example.test", "10.0.0.1,cafe", "300.1.1.1", "10.0.0", "10.0.0.1/8", "fd00::zz"})
        void anythingButIpAddressesIsRefused(String value) {
            assertRefused(AuthSettings.TRUSTED_PROXIES, Map.of(AuthSettings.TRUSTED_PROXIES, value));
        }
    }

    @Nested
    class IdleTimeout {
        @ParameterizedTest
        @CsvSource({"0, 0", "300, 300", "900, 900"})
        void zeroOrFiveMinutesAndMoreIsTaken(String value, long seconds) {
            assertThat(settings(Map.of(AuthSettings.IDLE_TIMEOUT_SECS, value)).idleTimeout())
                    .isEqualTo(Duration.ofSeconds(seconds));
        }

        @ParameterizedTest
        @ValueSource(strings = {"60", "299", "-5", "an hour"})
        void lessThanFiveMinutesANegativeOrANonNumberIsRefused(String value) {
            assertRefused(AuthSettings.IDLE_TIMEOUT_SECS, Map.of(AuthSettings.IDLE_TIMEOUT_SECS, value));
        }
    }

    @Nested
    class Argon2 {
        @Test
        void aHigherCostIsTaken() {
            AuthSettings settings = settings(Map.of(
                    AuthSettings.ARGON2_MEMORY_KIB, "65536",
                    AuthSettings.ARGON2_ITERATIONS, "3",
                    AuthSettings.ARGON2_PARALLELISM, "4"));

            assertThat(settings.argon2()).isEqualTo(new AuthSettings.Argon2Cost(65_536, 3, 4));
        }

        @ParameterizedTest
        @CsvSource({
            "VELDRA_AUTH_ARGON2_MEMORY_KIB, 19455",
            "VELDRA_AUTH_ARGON2_MEMORY_KIB, 4194305",
            "VELDRA_AUTH_ARGON2_MEMORY_KIB, 64MiB",
            "VELDRA_AUTH_ARGON2_ITERATIONS, 1",
            "VELDRA_AUTH_ARGON2_ITERATIONS, 101",
            "VELDRA_AUTH_ARGON2_ITERATIONS, two",
            "VELDRA_AUTH_ARGON2_PARALLELISM, 0",
            "VELDRA_AUTH_ARGON2_PARALLELISM, 17",
            "VELDRA_AUTH_ARGON2_PARALLELISM, many"
        })
        void aCostBelowOwaspsMinimumAboveTheCeilingOrNotANumberIsRefused(String variable, String value) {
            assertRefused(variable, Map.of(variable, value));
        }
    }

    @Nested
    class Tls {
        @Test
        void fileModeTakesTheCertificateAndKeyAndMakesCookiesSecure() {
            AuthSettings settings = settings(Map.of(
                    AuthSettings.TLS_MODE, "file",
                    AuthSettings.TLS_CERT, "/etc/rg/auth.crt",
                    AuthSettings.TLS_KEY, "/etc/rg/auth.key"));

            assertThat(settings.tls())
                    .isEqualTo(new TlsFiles(Path.of("/etc/rg/auth.crt"), Path.of("/etc/rg/auth.key")));
            assertThat(settings.secureCookies()).isTrue();
        }

        @Test
        void anUnknownModeIsRefused() {
            assertRefused(AuthSettings.TLS_MODE, Map.of(AuthSettings.TLS_MODE, "acme"));
        }

        @Test
        void fileModeWithoutACertificateIsRefused() {
            assertRefused(
                    AuthSettings.TLS_CERT, Map.of(AuthSettings.TLS_MODE, "file", AuthSettings.TLS_KEY, "/etc/rg/k"));
        }

        @Test
        void fileModeWithoutAKeyIsRefused() {
            assertRefused(
                    AuthSettings.TLS_KEY, Map.of(AuthSettings.TLS_MODE, "file", AuthSettings.TLS_CERT, "/etc/rg/c"));
        }
    }

    private static AuthSettings settings(Map<String, String> env) {
        return AuthSettings.from(new EnvConfig(env));
    }

    /** Start-up with {@code env} fails on {@code variable}: the exception names it, first in its message. */
    private static ConfigException assertRefused(String variable, Map<String, String> env) {
        ConfigException[] thrown = new ConfigException[1];
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> settings(env))
                .satisfies(refusal -> {
                    assertThat(refusal.setting()).isEqualTo(variable);
                    assertThat(refusal.getMessage()).startsWith(variable + " ");
                    thrown[0] = refusal;
                });
        return thrown[0];
    }
}
