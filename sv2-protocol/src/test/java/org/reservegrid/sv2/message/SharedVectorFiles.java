package org.reservegrid.sv2.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the project's shared test vectors: walks up from the working directory until a {@code shared/vectors}
 * directory appears (in a worktree that is the parent of the repository).
 */
public final class SharedVectorFiles {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SharedVectorFiles() {}

    public static Path vectorsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no shared/vectors directory above " + Path.of("").toAbsolutePath());
    }

    public static JsonNode readJson(String relativePath) {
        Path file = vectorsDirectory().resolve(relativePath);
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
