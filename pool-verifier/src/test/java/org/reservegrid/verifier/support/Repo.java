package org.reservegrid.verifier.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository and in the steering repository's shared folder. */
public final class Repo {
    private Repo() {}

    /** The shipped config/policy.toml. */
    public static Path policyToml() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config/policy.toml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/policy.toml not found");
    }

    /** A getblocktemplate fixture from shared/fixtures/gbt. */
    public static Path gbtFixture(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/gbt").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures/gbt/" + name + " not found");
    }

    /** A copy of the shipped policy in {@code dir}, so tests may rewrite it. */
    public static Path copyPolicy(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(policyToml(), dir.resolve("policy.toml"));
    }
}
