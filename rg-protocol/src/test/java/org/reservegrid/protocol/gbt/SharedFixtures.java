package org.reservegrid.protocol.gbt;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the steering repository's {@code shared/fixtures}, which sits beside the repository root (CI) or higher up
 * (a git worktree); {@code -Drg.shared.dir} overrides the search.
 */
final class SharedFixtures {
    private SharedFixtures() {}

    static Path gbt(String name) {
        return root().resolve("fixtures/gbt").resolve(name);
    }

    static Path root() {
        String override = System.getProperty("rg.shared.dir");
        if (override != null) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures/gbt"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }
}
