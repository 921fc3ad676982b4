package org.reservegrid.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.mail.ReceivedMail;
import org.reservegrid.testkit.mail.SmtpTestServer;
import org.reservegrid.testkit.process.AuthProcess;
import org.reservegrid.testkit.process.ServiceJars;

/**
 * rg-auth's jar sending real mail to a real SMTP server (aiosmtpd): STARTTLS and AUTH on the way, a link that works,
 * no credential and no token in its log; a server without STARTTLS gets nothing; a restart, an outage or wrong
 * credentials delay an email in the durable outbox but never lose it. A "nothing arrived" claim rests on the server's
 * events: the attempt was seen (connect, or a failed AUTH) and no message followed it.
 */
class SmtpDeliveryProcessTests {
    private static final String SMTP_USER = "rg-mailer";
    private static final String SMTP_PASSWORD = "smtp-pass-3e81c07d5a9f";
    private static final String FROM = "noreply@reservegrid.test";
    private static final String PUBLIC_URL = "https://dashboard.reservegrid.test";
    private static final String ACCOUNT_PASSWORD = "violet-anchor-91-quartz";
    private static final String VERIFY_SUBJECT = "Verify your ReserveGrid OS account";
    private static final Pattern VERIFY_LINK =
            Pattern.compile(Pattern.quote(PUBLIC_URL + "/verify?token=") + "([A-Za-z0-9_%.~-]+)");
    /** Backoff 5 s doubling (+20 %): the attempts after an outage come at about 5, 15, 35, 75 s. */
    private static final Duration RETRIED = Duration.ofSeconds(120);

    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireJar() {
        jar = ServiceJars.require("rg-auth");
    }

    @Test
    void theVerificationMailArrivesOverStartTlsWithAuthAndItsLinkVerifiesTheAccount() throws Exception {
        String alice = "alice@example.test";
        try (SmtpTestServer smtp = SmtpTestServer.startTls(SMTP_USER, SMTP_PASSWORD);
                AuthProcess auth = startAuth(smtp.port(), copyCertificate(smtp), SMTP_PASSWORD, alice)) {
            assertThat(register(auth, alice).status()).isEqualTo(202);

            ReceivedMail mail = smtp.awaitMessages(1, Await.DEFAULT).getFirst();

            assertThat(mail.tls()).isTrue();
            assertThat(mail.authUser()).contains(SMTP_USER);
            assertThat(mail.from()).isEqualTo(FROM);
            assertThat(mail.recipients()).containsExactly(alice);
            MimeMessage message = mail.mimeMessage();
            assertThat(addresses(message.getFrom())).containsExactly(FROM);
            assertThat(addresses(message.getRecipients(Message.RecipientType.TO)))
                    .containsExactly(alice);
            assertThat(mail.subject()).isEqualTo(VERIFY_SUBJECT);
            assertThat(smtp.events()).containsSubsequence("connect", "starttls", "auth ok " + SMTP_USER, "message");

            String token = verificationToken(mail);
            HttpResult verified = verify(auth, token);
            assertThat(verified.status()).as("%s", verified).isEqualTo(200);
            assertThat(verified.json().path("state").asString()).isEqualTo("active");
            assertThat(login(auth, alice).status()).isEqualTo(200);

            assertThat(auth.emails())
                    .as("no [email-stub] output once SMTP is set")
                    .isEmpty();
            assertThat(auth.log())
                    .contains("emails go to SMTP localhost:" + smtp.port() + " (STARTTLS required, AUTH)")
                    .doesNotContain(SMTP_PASSWORD)
                    .doesNotContain(token);
        }
    }

    @Test
    void aServerWithoutStartTlsGetsNothingAndTheMailWaitsForAGoodServerOnTheSamePort() throws Exception {
        String bob = "bob@example.test";
        // Any STARTTLS server presents the shared test certificate; this one only lends its file.
        Path certificate;
        try (SmtpTestServer lender = SmtpTestServer.startTls(SMTP_USER, SMTP_PASSWORD)) {
            certificate = copyCertificate(lender);
        }
        try (SmtpTestServer plain = SmtpTestServer.plain();
                AuthProcess auth = startAuth(plain.port(), certificate, SMTP_PASSWORD, bob)) {
            assertThat(register(auth, bob).status()).isEqualTo(202);

            awaitSendFailures(auth, 1);
            // The server's events arrive on their own: once the session's disconnect is read, so is all before it.
            awaitEvent(plain, "disconnect", auth);
            assertThat(plain.events()).contains("connect").doesNotContain("message");
            assertThat(plain.messages()).isEmpty();
            Await.until("the outbox gauge to count the mail", () -> metric(auth, "rg_auth_emails_queued") >= 1);
            // /ready reads a database probe refreshed every second.
            Await.until("/ready to count the queued mail", () -> emailsQueuedOnReady(auth) >= 1);
            plain.stop();

            try (SmtpTestServer good = SmtpTestServer.startTls(SMTP_USER, SMTP_PASSWORD, plain.port())) {
                ReceivedMail mail = good.awaitMessages(1, RETRIED).getFirst();

                assertThat(mail.tls()).isTrue();
                assertThat(mail.authUser()).contains(SMTP_USER);
                assertThat(mail.recipients()).containsExactly(bob);
                assertThat(mail.subject()).isEqualTo(VERIFY_SUBJECT);
                String token = verificationToken(mail);
                assertThat(verify(auth, token).status()).isEqualTo(200);
                Await.until("the outbox to be empty", () -> metric(auth, "rg_auth_emails_queued") == 0);
                assertThat(plain.messages()).isEmpty();
                assertThat(auth.log()).doesNotContain(SMTP_PASSWORD).doesNotContain(token);
            }
        }
    }

    @Test
    void anEmailQueuedWhileSmtpIsDownIsSentAfterACrashAndARestart() throws Exception {
        String carol = "carol@example.test";
        try (SmtpTestServer smtp = SmtpTestServer.startTls(SMTP_USER, SMTP_PASSWORD)) {
            Path certificate = copyCertificate(smtp);
            smtp.stop();
            try (AuthProcess auth = startAuth(smtp.port(), certificate, SMTP_PASSWORD, carol)) {
                assertThat(register(auth, carol).status()).isEqualTo(202);
                awaitSendFailures(auth, 1);

                auth.service().kill();
                smtp.restart();
                auth.service().launch();
                auth.service().awaitReady();

                List<ReceivedMail> mails = smtp.awaitMessages(1, RETRIED);
                assertThat(mails).singleElement().satisfies(mail -> {
                    assertThat(mail.recipients()).containsExactly(carol);
                    assertThat(mail.subject()).isEqualTo(VERIFY_SUBJECT);
                    assertThat(mail.tls()).isTrue();
                });
                String token = verificationToken(mails.getFirst());
                assertThat(verify(auth, token).status()).isEqualTo(200);
                assertThat(auth.log()).doesNotContain(SMTP_PASSWORD).doesNotContain(token);
            }
        }
    }

    @Test
    void aWrongSmtpPasswordDeliversNothingAndKeepsTheMailQueuedWhileTheServiceStaysReady() throws Exception {
        String dave = "dave@example.test";
        String wrongPassword = "wrong-smtp-pass-9d20b4";
        try (SmtpTestServer smtp = SmtpTestServer.startTls(SMTP_USER, SMTP_PASSWORD);
                AuthProcess auth = startAuth(smtp.port(), copyCertificate(smtp), wrongPassword, dave)) {
            assertThat(register(auth, dave).status()).isEqualTo(202);

            // Two refused logins: the first attempt and its retry, with no message after either.
            Await.until(
                    "two failed SMTP logins",
                    RETRIED,
                    () -> smtp.events().stream()
                                    .filter(("auth failed " + SMTP_USER)::equals)
                                    .count()
                            >= 2);
            awaitSendFailures(auth, 2);

            assertThat(smtp.events()).doesNotContain("message");
            assertThat(smtp.messages()).isEmpty();
            assertThat(auth.service().isAlive()).isTrue();
            HttpResult ready = auth.http().get("/ready");
            assertThat(ready.status()).as("%s", ready).isEqualTo(200);
            assertThat(ready.json()
                            .path("checks")
                            .path("database")
                            .path("emails_queued")
                            .asLong())
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric(auth, "rg_auth_emails_queued")).isGreaterThanOrEqualTo(1);
            assertThat(metric(auth, "rg_auth_emails_sent_total")).isZero();
            assertThat(auth.log()).doesNotContain(wrongPassword).doesNotContain(SMTP_PASSWORD);
        }
    }

    private AuthProcess startAuth(int smtpPort, Path certificate, String smtpPassword, String adminEmail) {
        Map<String, String> settings = new HashMap<>();
        settings.put("VELDRA_AUTH_SMTP_HOST", "localhost");
        settings.put("VELDRA_AUTH_SMTP_PORT", Integer.toString(smtpPort));
        settings.put("VELDRA_AUTH_SMTP_USER", SMTP_USER);
        settings.put("VELDRA_AUTH_SMTP_PASS", smtpPassword);
        settings.put("VELDRA_AUTH_SMTP_FROM", FROM);
        settings.put("VELDRA_AUTH_SMTP_CA_FILE", certificate.toString());
        settings.put("VELDRA_AUTH_PUBLIC_URL", PUBLIC_URL);
        settings.put("VELDRA_AUTH_ADMIN_EMAIL", adminEmail);
        return AuthProcess.start(jar, settings);
    }

    /** The server's certificate in a file of this test's, which outlives the server's own directory. */
    private Path copyCertificate(SmtpTestServer server) throws IOException {
        Path copy = Files.createTempFile(dir, "smtp-ca-", ".pem");
        return Files.copy(server.certificatePem(), copy, StandardCopyOption.REPLACE_EXISTING);
    }

    private static HttpResult register(AuthProcess auth, String email) {
        return post(
                auth, "/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + ACCOUNT_PASSWORD + "\"}");
    }

    private static HttpResult verify(AuthProcess auth, String token) {
        return post(auth, "/api/auth/verify", "{\"token\":\"" + token + "\"}");
    }

    private static HttpResult login(AuthProcess auth, String email) {
        return post(auth, "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + ACCOUNT_PASSWORD + "\"}");
    }

    private static HttpResult post(AuthProcess auth, String path, String json) {
        return auth.http().post(path, "application/json", json);
    }

    /** The token of the mail's one verification link, which points at the dashboard. */
    private static String verificationToken(ReceivedMail mail) {
        Matcher link = VERIFY_LINK.matcher(mail.text());
        assertThat(link.find())
                .as("a %s/verify?token= link in: %s", PUBLIC_URL, mail.text())
                .isTrue();
        return URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
    }

    private static List<String> addresses(Address[] addresses) throws MessagingException {
        assertThat(addresses).isNotNull();
        return Arrays.stream(addresses)
                .map(address -> ((InternetAddress) address).getAddress())
                .toList();
    }

    private static void awaitEvent(SmtpTestServer server, String event, AuthProcess auth) {
        try {
            Await.until(
                    "the SMTP test server's event '" + event + "'",
                    () -> server.events().contains(event));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; events " + server.events() + "; rg-auth's log:\n"
                            + auth.service().logTail(),
                    e);
        }
    }

    /** Waits until rg-auth counted {@code count} failed send attempts. */
    private static void awaitSendFailures(AuthProcess auth, int count) {
        Await.until(
                count + " failed send attempt(s) in rg_auth_email_send_failures_total",
                RETRIED,
                () -> metric(auth, "rg_auth_email_send_failures_total") >= count);
    }

    /** The value of a metric in {@code /metrics}: its one sample line, whatever its common tags. */
    private static double metric(AuthProcess auth, String name) {
        HttpResult metrics = auth.http().get("/metrics");
        assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
        List<String> samples = metrics.body()
                .lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .toList();
        assertThat(samples).as("%s in /metrics", name).hasSize(1);
        String sample = samples.getFirst();
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    private static long emailsQueuedOnReady(AuthProcess auth) {
        HttpResult ready = auth.http().get("/ready");
        assertThat(ready.status()).as("%s", ready).isEqualTo(200);
        return ready.json()
                .path("checks")
                .path("database")
                .path("emails_queued")
                .asLong(-1);
    }
}
