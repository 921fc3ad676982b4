package org.reservegrid.verifier.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reservegrid.testkit.TestData;

/** Files of the repository the verifier's tests use: the shipped policy and the getblocktemplate fixtures. */
public final class Repo {
    private Repo() {}

    /** The shipped config/policy.toml. */
    public static Path policyToml() {
        return TestData.repositoryRoot().resolve("config/policy.toml");
    }

    /** A getblocktemplate fixture from testdata/fixtures/gbt. */
    public static Path gbtFixture(String name) {
        return TestData.fixture("gbt/" + name);
    }

    /** A copy of the shipped policy in {@code dir}, so tests may rewrite it. */
    public static Path copyPolicy(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(policyToml(), dir.resolve("policy.toml"));
    }
}
