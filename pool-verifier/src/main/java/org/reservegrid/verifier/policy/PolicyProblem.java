package org.reservegrid.verifier.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy file.
 *
 * @param key the offending key (a policy key, an unknown key or table name), empty for a syntax error
 * @param line 1-based line in the TOML source, 0 when unknown
 */
public record PolicyProblem(String key, int line, String message) {
    public PolicyProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative");
        }
    }

    @Override
    public String toString() {
        String where = line == 0 ? "" : "line " + line + ": ";
        return key.isEmpty() ? where + message : where + key + ": " + message;
    }
}
