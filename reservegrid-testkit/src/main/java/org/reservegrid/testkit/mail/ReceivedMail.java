package org.reservegrid.testkit.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One message the {@link SmtpTestServer} accepted.
 *
 * @param from the envelope sender ({@code MAIL FROM})
 * @param recipients the envelope recipients ({@code RCPT TO}), in order
 * @param tls whether the message came over TLS (after STARTTLS)
 * @param authUser the user the client authenticated as, empty when it did not
 * @param raw the whole RFC 5322 message as received (CRLF line ends; bytes that are not UTF-8 become U+FFFD)
 */
public record ReceivedMail(String from, List<String> recipients, boolean tls, Optional<String> authUser, String raw) {
    public ReceivedMail {
        recipients = List.copyOf(recipients);
    }

    /** The message parsed by Jakarta Mail, for headers and parts the helpers below do not cover. */
    public MimeMessage mimeMessage() {
        try {
            return new MimeMessage(
                    Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new IllegalStateException("the received message does not parse: " + e.getMessage(), e);
        }
    }

    /** The decoded {@code Subject} header; empty when there is none. */
    public String subject() {
        try {
            String subject = mimeMessage().getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException e) {
            throw new IllegalStateException("the received message's subject does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * The decoded text: the body of a {@code text/plain} message, or the first {@code text/plain} part of a multipart
     * one (quoted-printable and base64 decoded, in the declared charset). Line ends become {@code \n}, and one final
     * line end is dropped: SMTP ends every message with one, so the text's own cannot be told from it. Fails when
     * there is no such text.
     */
    public String text() {
        try {
            String text = firstPlainText(mimeMessage())
                    .orElseThrow(() -> new IllegalStateException("the received message has no text/plain part"))
                    .replace("\r\n", "\n");
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the received message's text does not decode: " + e.getMessage(), e);
        }
    }

    private static Optional<String> firstPlainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return Optional.of((String) part.getContent());
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                Optional<String> text = firstPlainText(child);
                if (text.isPresent()) {
                    return text;
                }
            }
        }
        return Optional.empty();
    }
}
