package org.reservegrid.templates.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steering repository's {@code shared/fixtures} (verbatim node answers, see its SOURCES.md). It sits beside
 * the repository root in CI and higher up in a worktree; {@code -Drg.shared.dir} overrides the search.
 */
public final class SharedFixtures {
    private static final JsonMapper MAPPER = new JsonMapper();

    private SharedFixtures() {}

    /** A getblocktemplate result from shared/fixtures/gbt, as a fresh mutable tree. */
    public static ObjectNode gbt(String name) {
        return (ObjectNode) read(root().resolve("fixtures/gbt").resolve(name));
    }

    /** The verbatim Bitcoin Core getmempoolinfo result inside the mempool.space capture. */
    public static ObjectNode coreMempoolInfo() {
        JsonNode capture = read(root().resolve("fixtures/mempool/mempoolspace-mainnet-h837050-init.json"));
        return (ObjectNode) capture.get("mempoolInfo");
    }

    private static JsonNode read(Path path) {
        try {
            return MAPPER.readTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
