package org.reservegrid.auth.account;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address as typed, and its key (lower-cased) that identifies the account. Checked only for shape: the
 * verification email is the real test of an address.
 */
public record EmailAddress(String value, String key) {
    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE =
            Pattern.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");

    /** The address, or empty with the reason it is not one. */
    public static Optional<EmailAddress> parse(String raw) {
        String value = raw.strip();
        if (value.length() > MAX_LENGTH || !SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(value, key(value)));
    }

    public static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
