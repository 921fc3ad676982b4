package org.reservegrid.testkit.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An email rg-auth printed to stdout in dev mode (no SMTP host): its {@code [email-stub]} lines parsed back.
 *
 * @param body the lines after the subject, joined with {@code \n}
 */
public record StubEmail(String to, String subject, String body) {
    private static final String PREFIX = "[email-stub] ";
    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    /** Every stub email in a service's output, in order. */
    public static List<StubEmail> parse(List<String> lines) {
        List<StubEmail> emails = new ArrayList<>();
        String to = null;
        String subject = null;
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            String text = line.substring(PREFIX.length());
            if (text.startsWith("To: ")) {
                if (to != null && subject != null) {
                    emails.add(new StubEmail(to, subject, body.toString().strip()));
                }
                to = text.substring(4);
                subject = null;
                body.setLength(0);
            } else if (text.startsWith("Subject: ") && subject == null) {
                subject = text.substring(9);
            } else {
                body.append(text).append('\n');
            }
        }
        if (to != null && subject != null) {
            emails.add(new StubEmail(to, subject, body.toString().strip()));
        }
        return emails;
    }

    /** The first link in the body. */
    public String link() {
        Matcher matcher = LINK.matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no link in the email to " + to + ": " + body);
        }
        return matcher.group();
    }

    /** The {@code token} query parameter of the first link that has one. */
    public String token() {
        Matcher matcher = TOKEN.matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no token link in the email to " + to + ": " + body);
        }
        return matcher.group(1);
    }
}
