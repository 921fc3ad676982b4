package org.reservegrid.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Something an interop or end-to-end suite needs from outside the build (cargo and the built SRI peers, a regtest
 * node, a packaged service jar, later PostgreSQL and chromium). Locally a missing one skips the test (a JUnit abort)
 * with the reason and how to install it; in CI ({@code CI=true}, set by every CI system we use) it fails the test
 * with the same message, so a suite can never go quiet there.
 *
 * <p>Call it from {@code @BeforeAll} or {@code @BeforeEach}, or at the top of a test.
 */
public record Prerequisite(boolean ci) {

    /** The policy of this JVM: {@code CI=true} in the environment means fail, anything else means skip. */
    public static Prerequisite fromEnvironment() {
        return new Prerequisite(isCi(System.getenv("CI")));
    }

    /** {@link #check} under this JVM's environment. */
    public static void require(String name, Optional<String> missingReason) {
        fromEnvironment().check(name, missingReason);
    }

    /** Requires a regular file (a packaged jar, a built binary); {@code howToGetIt} is the command that makes it. */
    public static Path requireFile(String name, Path file, String howToGetIt) {
        require(name, Files.isRegularFile(file) ? Optional.empty() : Optional.of(file + " is missing: " + howToGetIt));
        return file;
    }

    /**
     * Returns when nothing is missing; otherwise aborts the test (skip) or, in CI, fails it. The message names the
     * prerequisite and carries the reason, which should say how to install it.
     */
    public void check(String name, Optional<String> missingReason) {
        if (missingReason.isEmpty()) {
            return;
        }
        String reason = missingReason.get();
        if (ci) {
            Assertions.fail(
                    "prerequisite " + name + " is missing and CI=true turns the skip into a failure: " + reason);
        }
        Assumptions.abort(
                "skipped, prerequisite " + name + " is missing: " + reason + " (with CI=true this is a failure)");
    }

    static boolean isCi(@Nullable String value) {
        return value != null && value.strip().equalsIgnoreCase("true");
    }
}
