package org.reservegrid.feedserver.tokens;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.reservegrid.spring.websocket.BearerTokens;

/**
 * The token file's format: one token per line, optionally followed by {@code expires=<instant>} (ISO-8601, e.g.
 * {@code 2027-01-31T00:00:00Z}, or a date, meaning its start in UTC); blank lines and lines starting with {@code #}
 * are ignored. A file with any bad line is refused as a whole, and the message names the line, never a token.
 */
public final class TokenFile {
    private TokenFile() {}

    /** A line that cannot be read. */
    public static final class InvalidTokenFileException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTokenFileException(String message) {
            super(message, null, false, false);
        }
    }

    public static List<BearerTokens.Token> parse(String text) throws InvalidTokenFileException {
        List<BearerTokens.Token> tokens = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String problem = FeedServerSettings.tokenProblem(parts[0]);
            if (problem != null) {
                throw new InvalidTokenFileException("line " + (i + 1) + ": the token " + problem);
            }
            Instant expires = null;
            for (int p = 1; p < parts.length; p++) {
                if (!parts[p].startsWith("expires=") || expires != null) {
                    throw new InvalidTokenFileException(
                            "line " + (i + 1) + ": expected '<token> [expires=<ISO-8601 instant>]'");
                }
                expires = instant(parts[p].substring("expires=".length()));
                if (expires == null) {
                    throw new InvalidTokenFileException("line " + (i + 1)
                            + ": expires must be an ISO-8601 instant (2027-01-31T00:00:00Z) or date (2027-01-31)");
                }
            }
            tokens.add(new BearerTokens.Token(Secret.of(parts[0]), expires));
        }
        return List.copyOf(tokens);
    }

    private static @Nullable Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
