package org.reservegrid.verifier.policy;

import com.electronwill.nightconfig.core.CommentedConfig;
import com.electronwill.nightconfig.core.UnmodifiableConfig;
import com.electronwill.nightconfig.core.io.ParsingException;
import com.electronwill.nightconfig.toml.TomlParser;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes policy.toml: a single {@code [policy]} table whose keys are those of {@link Policy}; missing
 * keys (or a missing table) take {@link Policy#DEFAULTS}. Parsing never throws: a file is either
 * {@link PolicyParseResult.Parsed} or {@link PolicyParseResult.Invalid} with every problem found, each naming its
 * key and line.
 */
public final class PolicyParser {
    /** Longest policy file accepted, in characters; real ones are well under 2 KiB. */
    public static final int MAX_SOURCE_CHARS = 64 * 1024;

    static final String POLICY_TABLE = "policy";

    private PolicyParser() {}

    /**
     * Parses a policy file.
     *
     * @throws NullPointerException if {@code toml} is null (the only exception this method throws)
     */
    public static PolicyParseResult parse(String toml) {
        Objects.requireNonNull(toml, "toml");
        if (toml.length() > MAX_SOURCE_CHARS) {
            return invalid("", 0, "policy file is longer than " + MAX_SOURCE_CHARS + " characters");
        }
        PositionReader reader = new PositionReader(toml);
        CommentedConfig root;
        try {
            root = new TomlParser().parse(reader);
        } catch (ParsingException e) {
            return invalid("", reader.line(), "TOML syntax error: " + e.getMessage());
        } catch (StackOverflowError e) {
            return invalid("", reader.line(), "TOML syntax error: values nested too deeply");
        } catch (RuntimeException e) {
            // night-config reports a few malformed inputs with plain runtime exceptions; they are syntax errors too.
            return invalid(
                    "", reader.line(), "TOML syntax error: " + e.getClass().getSimpleName());
        }
        return new Reading(new TomlSourceLines(toml)).read(root);
    }

    /** The canonical TOML of a policy: a {@code [policy]} table with every key, in declaration order, no comments. */
    public static String toToml(Policy policy) {
        StringBuilder toml = new StringBuilder(640).append("[policy]\n");
        for (PolicyKey key : PolicyKey.values()) {
            toml.append(key.tomlName())
                    .append(" = ")
                    .append(valueOf(policy, key))
                    .append('\n');
        }
        return toml.toString();
    }

    /** Long, Boolean and Double print as TOML; Double.toString is the shortest text that reads back the same. */
    private static String valueOf(Policy policy, PolicyKey key) {
        return String.valueOf(key.valueIn(policy));
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static PolicyParseResult.Invalid invalid(String key, int line, String message) {
        return new PolicyParseResult.Invalid(List.of(new PolicyProblem(key, line, message)));
    }

    /** Checks one parsed document, collecting every problem before deciding. */
    private static final class Reading {
        private final TomlSourceLines source;
        private final List<PolicyProblem> problems = new ArrayList<>();
        private final Map<PolicyKey, Object> given = new EnumMap<>(PolicyKey.class);
        private final Set<PolicyKey> unusable = EnumSet.noneOf(PolicyKey.class);

        Reading(TomlSourceLines source) {
            this.source = source;
        }

        PolicyParseResult read(UnmodifiableConfig root) {
            for (UnmodifiableConfig.Entry entry : root.entrySet()) {
                String name = entry.getKey();
                Object value = entry.getRawValue();
                if (!POLICY_TABLE.equals(name)) {
                    problem(
                            name,
                            List.of(name),
                            "unknown " + (isTable(value) ? "table" : "key")
                                    + " (a policy file has only a [policy] table)");
                } else if (value instanceof UnmodifiableConfig policyTable) {
                    readPolicyTable(policyTable);
                } else {
                    problem(name, List.of(name), "must be a table, got " + describe(value));
                }
            }
            checkRules();
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(PolicyProblem::line).thenComparing(PolicyProblem::key));
                return new PolicyParseResult.Invalid(problems);
            }
            Policy policy = policy();
            String canonical = toToml(policy);
            return new PolicyParseResult.Parsed(policy, canonical, sha256Hex(canonical));
        }

        private void readPolicyTable(UnmodifiableConfig table) {
            for (UnmodifiableConfig.Entry entry : table.entrySet()) {
                String name = entry.getKey();
                Object value = entry.getRawValue();
                PolicyKey key = PolicyKey.fromTomlName(name);
                if (key == null) {
                    problem(name, path(name), "unknown " + (isTable(value) ? "table" : "key") + " in [policy]");
                    continue;
                }
                Object converted = convert(key, value);
                if (converted == null) {
                    unusable.add(key);
                } else {
                    given.put(key, converted);
                }
            }
        }

        private @Nullable Object convert(PolicyKey key, @Nullable Object value) {
            String name = key.tomlName();
            switch (key.kind()) {
                case INTEGER -> {
                    if (value instanceof Integer || value instanceof Long) {
                        long number = ((Number) value).longValue();
                        if (source.integerLiteralDiffers(path(name), number)) {
                            problem(name, path(name), "integer does not fit in 64 bits");
                            return null;
                        }
                        return number;
                    }
                    problem(name, path(name), "must be an integer, got " + describe(value));
                    return null;
                }
                case FLOAT -> {
                    if (value instanceof Double number) {
                        return number;
                    }
                    if (value instanceof Integer || value instanceof Long) {
                        long number = ((Number) value).longValue();
                        if (source.integerLiteralDiffers(path(name), number)) {
                            problem(name, path(name), "integer does not fit in 64 bits");
                            return null;
                        }
                        return (double) number;
                    }
                    problem(name, path(name), "must be a number, got " + describe(value));
                    return null;
                }
                case BOOLEAN -> {
                    if (value instanceof Boolean flag) {
                        return flag;
                    }
                    problem(name, path(name), "must be true or false, got " + describe(value));
                    return null;
                }
            }
            throw new IllegalStateException("unhandled key kind " + key.kind());
        }

        /** Range and ordering rules, reported for keys that were read (a key already reported is not repeated). */
        private void checkRules() {
            List<PolicyViolation> violations = PolicyKey.violations(this::value);
            for (PolicyViolation violation : violations) {
                PolicyKey key = violation.key();
                PolicyKey other = violation.orderedWith();
                if (unusable.contains(key) || other != null && unusable.contains(other)) {
                    continue;
                }
                // An ordering broken by one written key and one default names the written one.
                if (other != null && !given.containsKey(key) && given.containsKey(other)) {
                    key = other;
                }
                problem(key.tomlName(), path(key.tomlName()), violation.message());
            }
        }

        private Policy policy() {
            return Policy.of(this::value);
        }

        /** The written value, or the default when the key is missing or unusable. */
        private Object value(PolicyKey key) {
            Object value = given.get(key);
            return value != null ? value : key.defaultValue();
        }

        private void problem(String key, List<String> path, String message) {
            problems.add(new PolicyProblem(key, source.lineOf(path), message));
        }

        private static List<String> path(String policyKey) {
            return List.of(POLICY_TABLE, policyKey);
        }

        private static boolean isTable(@Nullable Object value) {
            return value instanceof UnmodifiableConfig
                    || value instanceof List<?> list
                            && !list.isEmpty()
                            && list.getFirst() instanceof UnmodifiableConfig;
        }

        private static String describe(@Nullable Object value) {
            if (value == null) {
                return "nothing";
            }
            if (value instanceof Integer || value instanceof Long) {
                return "an integer";
            }
            if (value instanceof Double || value instanceof Float) {
                return "a float";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            if (value instanceof String) {
                return "a string";
            }
            if (value instanceof UnmodifiableConfig) {
                return "a table";
            }
            if (isTable(value)) {
                return "an array of tables";
            }
            if (value instanceof List<?>) {
                return "an array";
            }
            if (value instanceof Temporal) {
                return "a date or time";
            }
            return value.getClass().getSimpleName();
        }
    }

    /**
     * Feeds the source to the TOML parser and remembers how far it got, so a syntax error can name its line
     * (night-config's messages carry none).
     */
    private static final class PositionReader extends Reader {
        private final String source;
        private int position;

        PositionReader(String source) {
            this.source = source;
        }

        @Override
        public int read() {
            return position < source.length() ? source.charAt(position++) : -1;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            if (position >= source.length()) {
                return -1;
            }
            int count = Math.min(length, source.length() - position);
            source.getChars(position, position + count, buffer, offset);
            position += count;
            return count;
        }

        @Override
        public void close() {}

        /** 1-based line of the last character read (a newline belongs to the line it ends). */
        int line() {
            int end = position > 0 && source.charAt(position - 1) == '\n' ? position - 1 : position;
            int line = 1;
            for (int i = 0; i < end; i++) {
                if (source.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
