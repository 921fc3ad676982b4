package org.reservegrid.testkit.process;

import java.nio.file.Path;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.TestData;

/**
 * The packaged service jars, {@code <module>/target/<module>.jar} under the repository root; the system property
 * {@code rg.<module>.jar} overrides one. A missing jar is a {@link Prerequisite}: skipped locally, failed in CI.
 */
public final class ServiceJars {
    private ServiceJars() {}

    /** The jar of {@code module} (e.g. {@code sv2-gateway}), whether or not it is built. */
    public static Path path(String module) {
        String override = System.getProperty("rg." + module + ".jar", "");
        if (!override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        return TestData.repositoryRoot().resolve(module).resolve("target").resolve(module + ".jar");
    }

    /** The built jar of {@code module}; a missing one skips the calling test, or fails it in CI. */
    public static Path require(String module) {
        return Prerequisite.requireFile(
                module + ".jar", path(module), "package it with ./mvnw -B -pl " + module + " -am package -DskipTests");
    }
}
