package org.reservegrid.verifier.policy;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One check of a verdict as the API reports it.
 *
 * @param key the policy.toml key the check applies ({@code min_avg_fee_<tier>} for the average fee), or
 *     {@code prev_hash_hex} for the one rule no key sets
 * @param measured a {@code Long}, {@code Double} or {@code Boolean}; null only when the verdict did not record it
 * @param threshold likewise; null only when it came from a policy the verifier no longer knows
 */
public record CheckResult(
        PolicyCheck check,
        String key,
        @Nullable Object measured,
        @Nullable Object threshold,
        boolean passed) {

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(key, "key");
    }

    public String label() {
        return check.label();
    }

    public Comparison comparison() {
        return check.comparison();
    }

    /** The reason code the check raises when it fails. */
    public String reasonCode() {
        return check.reason().text();
    }
}
