package org.reservegrid.verifier.policy;

import java.util.List;
import java.util.Objects;

/** Outcome of {@link PolicyParser#parse(String)}: a policy, or every problem found in the file. */
public sealed interface PolicyParseResult permits PolicyParseResult.Parsed, PolicyParseResult.Invalid {

    /**
     * A valid policy file.
     *
     * @param canonicalToml the policy written back in canonical form (every key, fixed order, no comments)
     * @param sha256Hex SHA-256 of the UTF-8 canonical TOML, lowercase hex: equal policies hash equal
     */
    record Parsed(Policy policy, String canonicalToml, String sha256Hex) implements PolicyParseResult {
        public Parsed {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(canonicalToml, "canonicalToml");
            Objects.requireNonNull(sha256Hex, "sha256Hex");
        }
    }

    /** A rejected policy file; {@code problems} is never empty. */
    record Invalid(List<PolicyProblem> problems) implements PolicyParseResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid policy has at least one problem");
            }
        }
    }
}
