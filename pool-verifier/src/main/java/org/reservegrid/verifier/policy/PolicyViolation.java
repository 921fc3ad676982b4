package org.reservegrid.verifier.policy;

import org.jspecify.annotations.Nullable;

/**
 * A rule a set of policy values breaks.
 *
 * @param key the key at fault; for a broken ordering between two keys, the upper one
 * @param orderedWith the other key of a broken ordering, null for a single-key rule
 */
record PolicyViolation(PolicyKey key, @Nullable PolicyKey orderedWith, String message) {
    static PolicyViolation of(PolicyKey key, String message) {
        return new PolicyViolation(key, null, message);
    }

    @Override
    public String toString() {
        return key.tomlName() + ": " + message;
    }
}
