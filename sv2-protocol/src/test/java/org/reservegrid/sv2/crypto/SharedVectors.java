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
 * Locates the shared spec vectors ({@code ../shared/vectors} from the repository root) by walking up from the
 * working directory, so tests run from the repo root, a module directory or an IDE alike.
 */
public final class SharedVectors {

    private static final HexFormat HEX = HexFormat.of();

    private SharedVectors() {}

    public static Path path(String relative) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            Path candidate = directory.resolve("shared").resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve(relative);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(
                "no shared/vectors directory above " + Path.of("").toAbsolutePath());
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
            return JsonMapper.builder().build().readTree(Files.readString(path(relative)));
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
