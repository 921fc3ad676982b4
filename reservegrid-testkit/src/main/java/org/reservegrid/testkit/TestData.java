package org.reservegrid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's {@code testdata/} folder: verbatim spec vectors ({@code vectors/}) and node fixtures ({@code
 * fixtures/}), see {@code testdata/README.md}.
 *
 * <p>The root pom passes the folder to every test JVM as the system property {@value #PROPERTY}; without it (a
 * test started from an IDE) the locator walks up from the working directory to the first folder holding {@code
 * testdata/}. Library tests that cannot depend on the testkit (sv2-protocol's, which the testkit itself depends on)
 * read the same property.
 */
public final class TestData {
    /** The system property naming the {@code testdata/} folder. */
    public static final String PROPERTY = "reservegrid.testdata";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestData() {}

    /** The {@code testdata/} folder; fails when there is none (a fresh clone always has one). */
    public static Path root() {
        return locate(System.getProperty(PROPERTY), Path.of("").toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("no testdata/ folder: system property " + PROPERTY
                        + " is unset and none is above " + Path.of("").toAbsolutePath()));
    }

    /** The repository root: the folder that holds {@code testdata/}. */
    public static Path repositoryRoot() {
        Path root = root();
        Path parent = root.getParent();
        if (parent == null) {
            throw new IllegalStateException(root + " has no parent folder");
        }
        return parent;
    }

    /** A file under {@code testdata/vectors}, e.g. {@code bip340/test-vectors.csv}. */
    public static Path vector(String relative) {
        return existing(root().resolve("vectors").resolve(relative));
    }

    /** A file under {@code testdata/fixtures}, e.g. {@code gbt/core-regtest-h506-4tx.json}. */
    public static Path fixture(String relative) {
        return existing(root().resolve("fixtures").resolve(relative));
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    /** The folder named by {@code property} when it is set, else the nearest {@code testdata/} at or above {@code start}. */
    static Optional<Path> locate(@Nullable String property, Path start) {
        if (property != null && !property.isBlank()) {
            Path named = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isDirectory(named)) {
                throw new IllegalStateException(PROPERTY + "=" + property + " is not a directory");
            }
            return Optional.of(named);
        }
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata");
            if (Files.isDirectory(candidate.resolve("vectors")) || Files.isDirectory(candidate.resolve("fixtures"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path existing(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " does not exist (testdata/ holds verbatim copies; see its README)");
        }
        return file;
    }
}
