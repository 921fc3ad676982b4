package org.reservegrid.gateway;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared/vectors by walking up from the working directory (module dir in Maven, repo root in IDEs). */
public final class SharedVectors {
    private SharedVectors() {}

    public static Path file(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/vectors").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "shared/vectors/" + relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
