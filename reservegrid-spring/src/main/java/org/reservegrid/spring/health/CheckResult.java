package org.reservegrid.spring.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link ReadinessCheck} found: up or down, a sentence for the operator, and for a failing check a stable
 * snake_case {@code reason} (the start of its line in {@code reasons}). {@code attributes} are the check's own
 * facts (a URL, a counter, a timestamp), written beside {@code status} and {@code detail} in its JSON object.
 */
public record CheckResult(
        boolean up, @Nullable String reason, String detail, Map<String, @Nullable Object> attributes) {

    /** Names the JSON object of a check already uses; an attribute may not take them. */
    static final Set<String> RESERVED = Set.of("status", "reason", "detail");

    public CheckResult {
        if (up != (reason == null)) {
            throw new IllegalArgumentException("a check that is down has a reason, one that is up has none");
        }
        if (reason != null && !reason.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a reason is snake_case, got '" + reason + "'");
        }
        for (String name : attributes.keySet()) {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not available as an attribute name");
            }
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static CheckResult up(String detail) {
        return new CheckResult(true, null, detail, Map.of());
    }

    public static CheckResult down(String reason, String detail) {
        return new CheckResult(false, reason, detail, Map.of());
    }

    /** {@code up(detail)} when {@code up}, else {@code down(reason, problem)}. */
    public static CheckResult of(boolean up, String detail, String reason, String problem) {
        return up ? up(detail) : down(reason, problem);
    }

    /** This result with one more attribute, kept in the order they are added; a null value is written as null. */
    public CheckResult with(String name, @Nullable Object value) {
        Map<String, @Nullable Object> more = new LinkedHashMap<>(attributes);
        more.put(name, value);
        return new CheckResult(up, reason, detail, more);
    }
}
