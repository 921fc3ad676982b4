package org.reservegrid.verifier.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where keys and tables sit in a TOML source. night-config keeps no positions, so problems find their line by
 * scanning the text: table headers ({@code [a.b]}, {@code [[a]]}) set the current table, {@code key = value} and
 * dotted {@code a.b = value} lines define keys below it. The scan is a heuristic for messages only (multi-line
 * strings are skipped, inline tables are not looked into); a key it cannot place gets line 0.
 */
final class TomlSourceLines {
    private static final Pattern INTEGER_LITERAL =
            Pattern.compile("[+-]?(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9_]+)");

    /** One header or key line: its 1-based number, the full dotted path it defines and, for keys, the value text. */
    private record Definition(
            int line, List<String> path, @Nullable String valueText) {}

    private final List<Definition> definitions = new ArrayList<>();

    TomlSourceLines(String source) {
        String[] lines = source.split("\r?\n", -1);
        List<String> table = List.of();
        boolean inMultilineString = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean startsInString = inMultilineString;
            if (countOf(line, "\"\"\"") % 2 == 1 || countOf(line, "'''") % 2 == 1) {
                inMultilineString = !inMultilineString;
            }
            if (startsInString || line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close > 0) {
                    String inner = line.substring(line.startsWith("[[") ? 2 : 1, close);
                    table = dottedPath(inner);
                    definitions.add(new Definition(i + 1, table, null));
                }
                continue;
            }
            int equals = line.indexOf('=');
            if (equals > 0) {
                List<String> path = new ArrayList<>(table);
                path.addAll(dottedPath(line.substring(0, equals)));
                definitions.add(new Definition(i + 1, path, line.substring(equals + 1)));
            }
        }
    }

    /**
     * The line that defines {@code path} (a key or a table, given from the root), or one that defines something
     * below it; 0 when none does.
     */
    int lineOf(List<String> path) {
        Definition definition = definitionOf(path);
        return definition == null ? 0 : definition.line();
    }

    /**
     * Whether the integer literal written for {@code path} differs from the value the TOML parser produced. The
     * parser wraps literals beyond 64 bits silently; comparing with the source text catches that. Keys whose
     * literal cannot be found in the text are taken as read.
     */
    boolean integerLiteralDiffers(List<String> path, long parsed) {
        Definition definition = definitionOf(path);
        if (definition == null
                || definition.valueText() == null
                || !definition.path().equals(path)) {
            return false;
        }
        String text = definition.valueText();
        int comment = text.indexOf('#');
        if (comment >= 0) {
            text = text.substring(0, comment);
        }
        text = text.strip();
        if (!INTEGER_LITERAL.matcher(text).matches()) {
            return false;
        }
        BigInteger written = integerValue(text.replace("_", ""));
        return written == null || !written.equals(BigInteger.valueOf(parsed));
    }

    private @Nullable Definition definitionOf(List<String> path) {
        for (Definition definition : definitions) {
            List<String> defined = definition.path();
            if (defined.size() >= path.size() && defined.subList(0, path.size()).equals(path)) {
                return definition;
            }
        }
        return null;
    }

    private static @Nullable BigInteger integerValue(String literal) {
        boolean negative = literal.startsWith("-");
        String unsigned = literal.startsWith("-") || literal.startsWith("+") ? literal.substring(1) : literal;
        int radix = 10;
        if (unsigned.startsWith("0x")) {
            radix = 16;
        } else if (unsigned.startsWith("0o")) {
            radix = 8;
        } else if (unsigned.startsWith("0b")) {
            radix = 2;
        }
        String digits = radix == 10 ? unsigned : unsigned.substring(2);
        if (digits.isEmpty()) {
            return null;
        }
        BigInteger value = new BigInteger(digits, radix);
        return negative ? value.negate() : value;
    }

    private static List<String> dottedPath(String text) {
        List<String> path = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            String key = part.strip();
            if (key.length() >= 2
                    && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
                key = key.substring(1, key.length() - 1);
            }
            path.add(key);
        }
        return List.copyOf(path);
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
