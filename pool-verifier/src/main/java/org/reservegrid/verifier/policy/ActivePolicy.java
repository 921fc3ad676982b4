package org.reservegrid.verifier.policy;

import java.util.Objects;

/**
 * The policy in force, with the load counter and canonical hash every verdict reports.
 *
 * @param version counts policy loads in this process, starting at 1; it travels as an unsigned 32-bit field
 * @param sha256Hex SHA-256 of the policy's canonical TOML, 64 lowercase hex characters
 */
public record ActivePolicy(Policy policy, long version, String sha256Hex) {
    public ActivePolicy {
        Objects.requireNonNull(policy, "policy");
        if (version < 0 || version > 0xffff_ffffL) {
            throw new IllegalArgumentException("version must fit in 32 unsigned bits, got " + version);
        }
        if (!isSha256Hex(sha256Hex)) {
            throw new IllegalArgumentException("sha256Hex must be 64 lowercase hex characters");
        }
    }

    /** The active form of a freshly parsed policy. */
    public static ActivePolicy of(PolicyParseResult.Parsed parsed, long version) {
        return new ActivePolicy(parsed.policy(), version, parsed.sha256Hex());
    }

    private static boolean isSha256Hex(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
