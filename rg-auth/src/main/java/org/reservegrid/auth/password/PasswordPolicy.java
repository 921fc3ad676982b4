package org.reservegrid.auth.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What a new password must be: 12 to 128 characters (code points, after NFKC normalisation, as NIST SP 800-63B
 * advises), any characters, and not a common password. The bundled list is zxcvbn-ts's 49,233 most common
 * passwords (MIT, see passwords/SOURCES.md); a password is refused when it is on the list (ignoring case), or is a
 * listed word of 4+ letters with only digits and symbols around it ("password2024!"), or one character repeated.
 */
@Component
public class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    /** Why a password was refused: a reason code for the API and a sentence for the person. */
    public record Refusal(String code, String message) {}

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    /** The text hashed and compared: NFKC, so the same password typed on two keyboards is the same password. */
    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    public Optional<Refusal> check(String password, String email) {
        String normalized = normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) {
            return refuse(
                    "password_too_short",
                    "the password must have at least " + MIN_LENGTH + " characters, it has " + length);
        }
        if (length > MAX_LENGTH) {
            return refuse(
                    "password_too_long",
                    "the password may have at most " + MAX_LENGTH + " characters, it has " + length);
        }
        String lower = normalized.toLowerCase(Locale.ROOT);
        if (normalized.codePoints().distinct().count() == 1) {
            return refuse("password_common", "the password is one character repeated");
        }
        if (common.contains(lower)) {
            return refuse("password_common", "the password is on the list of commonly used passwords");
        }
        String core = lower.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        if (core.length() >= 4 && core.length() < lower.length() && common.contains(core)) {
            return refuse("password_common", "the password is a commonly used password with digits or symbols added");
        }
        String local = email.toLowerCase(Locale.ROOT).split("@", 2)[0];
        if (lower.equals(email.toLowerCase(Locale.ROOT)) || (local.length() >= 4 && core.equals(local))) {
            return refuse("password_common", "the password must not be the email address");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String code, String message) {
        return Optional.of(new Refusal(code, message));
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(65_536);
        try (InputStream in = Objects.requireNonNull(
                        PasswordPolicy.class.getResourceAsStream("/passwords/common-passwords.txt"),
                        "passwords/common-passwords.txt is missing from the jar");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    words.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the common-password list", e);
        }
        return Set.copyOf(words);
    }
}
