package org.reservegrid.deploysuite.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.reservegrid.testkit.Prerequisite;

/** Debian's prometheus and promtool (scripts/ci/install-prometheus.sh), found on the PATH. */
final class Promtool {
    private Promtool() {}

    /** The executable {@code name} on the PATH; skips the test without it, or fails it in CI. */
    static Path require(String name) {
        Optional<Path> found = onPath(name);
        Prerequisite.require(
                name,
                found.isPresent()
                        ? Optional.empty()
                        : Optional.of("no " + name + " on the PATH: run scripts/ci/install-prometheus.sh (Debian's"
                                + " prometheus package, as root)"));
        return found.orElseThrow();
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a run printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {}

    /** Runs {@code promtool args...} in {@code dir}, at most two minutes. */
    static Run run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(require("promtool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 2 minutes");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
