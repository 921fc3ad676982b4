package org.reservegrid.auth.mail;

import java.io.PrintStream;

/**
 * The product's dev mode: with no {@code VELDRA_AUTH_SMTP_HOST}, each email is printed to stdout, every line
 * prefixed {@code [email-stub]}, links included, so a first run works without a mail server.
 */
final class StdoutTransport implements MailTransport {
    static final String PREFIX = "[email-stub] ";

    private final PrintStream out;

    StdoutTransport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void send(Email email) {
        StringBuilder text = new StringBuilder();
        text.append(PREFIX).append("To: ").append(email.recipient()).append('\n');
        text.append(PREFIX).append("Subject: ").append(email.subject()).append('\n');
        for (String line : email.body().split("\n", -1)) {
            text.append(PREFIX).append(line).append('\n');
        }
        // One write, so lines of two emails never interleave with each other or with log lines.
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public String describe() {
        return "stdout ([email-stub]; set VELDRA_AUTH_SMTP_HOST to send real email)";
    }
}
