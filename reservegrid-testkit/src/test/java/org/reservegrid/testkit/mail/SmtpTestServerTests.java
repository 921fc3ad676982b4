package org.reservegrid.testkit.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.Await;

/**
 * Jakarta Mail (Angus), configured as rg-auth sends mail, against the real aiosmtpd server. A "nothing arrived" claim
 * is proved by a later mail on the same server arriving alone: the server handles sessions in order.
 */
class SmtpTestServerTests {
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse";

    @Test
    void aMailSentWithStartTlsAndAuthArrivesOverTlsAsTheAuthenticatedUser() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls(USER, PASSWORD)) {
            send(startTlsRequired(server), USER, PASSWORD, "Grüße: dein Code", "Dein Code ist 123456.\nBis bald — RG");

            List<ReceivedMail> mails = server.awaitMessages(1, Await.DEFAULT);

            assertThat(mails).hasSize(1);
            ReceivedMail mail = mails.getFirst();
            assertThat(mail.from()).isEqualTo("noreply@reservegrid.test");
            assertThat(mail.recipients()).containsExactly("miner@example.test");
            assertThat(mail.tls()).isTrue();
            assertThat(mail.authUser()).contains(USER);
            assertThat(mail.subject()).isEqualTo("Grüße: dein Code");
            assertThat(mail.text()).isEqualTo("Dein Code ist 123456.\nBis bald — RG");
            assertThat(server.events()).containsSubsequence("connect", "starttls", "auth ok " + USER, "message");
        }
    }

    @Test
    void aWrongPasswordFailsAuthenticationAndDeliversNothing() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls(USER, PASSWORD)) {
            assertThatThrownBy(() -> send(startTlsRequired(server), USER, "wrong", "refused", "never delivered"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("535");

            send(startTlsRequired(server), USER, PASSWORD, "accepted", "delivered");

            assertThat(server.awaitMessages(1, Await.DEFAULT))
                    .singleElement()
                    .extracting(ReceivedMail::subject)
                    .isEqualTo("accepted");
            assertThat(server.events()).contains("auth failed " + USER);
        }
    }

    @Test
    void aClientRequiringStartTlsSendsNothingToAServerWithoutIt() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain()) {
            assertThatThrownBy(() -> send(startTlsRequired(server), USER, PASSWORD, "refused", "never delivered"))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("STARTTLS");

            Properties unencrypted = common(server);
            send(unencrypted, null, null, "plain text", "over a plain connection");

            ReceivedMail mail = server.awaitMessages(1, Await.DEFAULT).getFirst();
            assertThat(server.messages()).hasSize(1);
            assertThat(mail.subject()).isEqualTo("plain text");
            assertThat(mail.tls()).isFalse();
            assertThat(mail.authUser()).isEmpty();
        }
    }

    @Test
    void aSendFailsWhileTheServerIsStoppedAndSucceedsAfterItsRestart() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls(USER, PASSWORD)) {
            send(startTlsRequired(server), USER, PASSWORD, "before", "delivered before the outage");
            server.awaitMessages(1, Await.DEFAULT);

            server.stop();
            assertThatThrownBy(() -> send(startTlsRequired(server), USER, PASSWORD, "outage", "never delivered"))
                    .isInstanceOf(MessagingException.class);

            server.restart();
            send(startTlsRequired(server), USER, PASSWORD, "recovered", "delivered after the restart");

            assertThat(server.awaitMessages(2, Await.DEFAULT))
                    .extracting(ReceivedMail::subject)
                    .containsExactly("before", "recovered");
            assertThat(server.events()).containsSubsequence("ready starttls", "message", "ready starttls", "message");
        }
    }

    private static Properties common(SmtpTestServer server) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", Integer.toString(server.port()));
        // Bounds a broken test only: a healthy exchange on loopback takes milliseconds.
        properties.put("mail.smtp.connectiontimeout", "30000");
        properties.put("mail.smtp.timeout", "30000");
        return properties;
    }

    /** rg-auth's settings: STARTTLS required, AUTH, the server's certificate trusted and its host name checked. */
    private static Properties startTlsRequired(SmtpTestServer server) throws Exception {
        Properties properties = common(server);
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        properties.put("mail.smtp.ssl.socketFactory", trusting(server));
        return properties;
    }

    private static SSLSocketFactory trusting(SmtpTestServer server) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        try (InputStream pem = Files.newInputStream(server.certificatePem())) {
            trustStore.setCertificateEntry(
                    "smtp-test-server", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static void send(
            Properties properties, @Nullable String user, @Nullable String password, String subject, String text)
            throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("noreply@reservegrid.test"));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress("miner@example.test"));
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        if (user == null) {
            Transport.send(message);
        } else {
            Transport.send(message, user, password);
        }
    }
}
