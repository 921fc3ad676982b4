package org.reservegrid.regtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the verbatim fixtures of the shared {@code shared/fixtures} directory, found in the nearest directory above
 * the working directory that holds one (it sits beside the checkout, not inside it).
 */
public final class SharedFixtures {
    private SharedFixtures() {}

    public static JsonNode json(String relativePath) {
        Path file = directory().resolve(relativePath);
        try {
            return JsonMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    private static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no shared/fixtures directory above " + Path.of("").toAbsolutePath());
    }
}
