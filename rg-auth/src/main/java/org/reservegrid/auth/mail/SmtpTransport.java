package org.reservegrid.auth.mail;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.common.config.ConfigException;

/**
 * SMTP through Jakarta Mail (Eclipse Angus). STARTTLS is required: a server that does not offer it gets nothing
 * ({@code mail.smtp.starttls.required}), and the server's certificate must be valid for its host name. The email
 * stays in the outbox for the next attempt.
 */
final class SmtpTransport implements MailTransport {
    private final AuthSettings.Smtp smtp;
    private final Session session;

    SmtpTransport(AuthSettings.Smtp smtp) {
        this.smtp = smtp;
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        props.put("mail.smtp.auth", Boolean.toString(smtp.user().isPresent()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "20000");
        props.put("mail.smtp.writetimeout", "20000");
        props.put("mail.smtp.from", smtp.from());
        smtp.caFile()
                .ifPresent(file ->
                        props.put("mail.smtp.ssl.socketFactory", trusting(file).getSocketFactory()));
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(Email email) throws MailFailure {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from()));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(email.recipient(), true));
            message.setSubject(email.subject(), "UTF-8");
            message.setText(email.body(), "UTF-8");
            message.setSentDate(new Date());
            message.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(
                        smtp.host(),
                        smtp.port(),
                        smtp.user().orElse(null),
                        smtp.password().map(secret -> secret.reveal()).orElse(null));
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (AuthenticationFailedException e) {
            // Wrong credentials are the operator's to fix; keep the email until they are.
            throw new MailFailure("the SMTP server refused the credentials (" + AuthSettings.SMTP_USER + ")", false);
        } catch (SendFailedException e) {
            throw new MailFailure(describe(e), permanent(e));
        } catch (MessagingException e) {
            throw new MailFailure(describe(e), false);
        }
    }

    @Override
    public String describe() {
        return "SMTP " + smtp.host() + ":" + smtp.port() + " (STARTTLS required"
                + (smtp.user().isPresent() ? ", AUTH" : "") + ")";
    }

    /** 5xx for the recipient is final; anything else (4xx, a dropped connection, no STARTTLS) is worth retrying. */
    private static boolean permanent(SendFailedException e) {
        Exception next = e.getNextException();
        if (e instanceof SMTPSendFailedException smtp) {
            return smtp.getReturnCode() >= 500;
        }
        if (next instanceof SMTPSendFailedException smtp) {
            return smtp.getReturnCode() >= 500;
        }
        Address[] invalid = e.getInvalidAddresses();
        return invalid != null && invalid.length > 0;
    }

    private static String describe(MessagingException e) {
        StringBuilder text = new StringBuilder();
        Throwable current = e;
        while (current != null && text.length() < 400) {
            if (!text.isEmpty()) {
                text.append(": ");
            }
            text.append(current.getClass().getSimpleName()).append(' ').append(oneLine(current.getMessage()));
            current = current.getCause() == current ? null : current.getCause();
        }
        return text.toString();
    }

    private static String oneLine(@Nullable String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("smtp-ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new ConfigException(AuthSettings.SMTP_CA_FILE, "holds no PEM certificate: " + caFile);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    AuthSettings.SMTP_CA_FILE,
                    "cannot be read as PEM certificates: " + caFile + " (" + e.getMessage() + ")");
        }
    }
}
