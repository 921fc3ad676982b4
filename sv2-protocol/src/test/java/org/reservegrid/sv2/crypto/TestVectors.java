package org.reservegrid.sv2.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spec vectors under the repository's {@code testdata/vectors} (verbatim copies, see its SOURCES.md). The root
 * pom passes the {@code testdata/} folder as the system property {@code reservegrid.testdata}, the same one
 * reservegrid-testkit's {@code TestData} reads; this module cannot use the testkit (the testkit depends on it), so
 * it reads the property here, and walks up from the working directory to the folder holding {@code testdata/}
 * when it is unset (an IDE run).
 */
public final class TestVectors {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestVectors() {}

    public static Path path(String relative) {
        Path file = vectorsDirectory().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist");
        }
        return file;
    }

    static Path vectorsDirectory() {
        String property = System.getProperty("reservegrid.testdata", "");
        if (!property.isBlank()) {
            return Path.of(property).resolve("vectors");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata").resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "system property reservegrid.testdata is unset and no testdata/vectors is above "
                        + Path.of("").toAbsolutePath());
    }

    /** Rows of a comma-separated file with a header line; the last column keeps any commas. */
    public static List<Map<String, String>> csv(String relative) {
        try {
            List<String> lines = Files.readAllLines(path(relative));
            String[] header = lines.getFirst().split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", header.length);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], i < cells.length ? cells[i] : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(Files.readString(path(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(String hex) {
        return HEX.parseHex(hex.toLowerCase());
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
