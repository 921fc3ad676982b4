package org.reservegrid.deploysuite.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the real tools (docker-compose, hadolint, scripts/rg, java) as child processes. */
final class Processes {
    private static final long DEADLINE_SECS = 120;

    private Processes() {}

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /**
     * Runs {@code command} in {@code directory}. The child gets this JVM's environment without any VELDRA_*, RG_* or
     * COMPOSE_* variable (a developer's shell must not change what the deployment files mean), plus {@code extra}.
     */
    static Result run(Path directory, Map<String, String> extra, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("VELDRA_") || name.startsWith("RG_") || name.startsWith("COMPOSE_"));
        builder.environment().putAll(extra);
        try {
            Path out = Files.createTempFile("rg-deploy-out-", ".txt");
            Path err = Files.createTempFile("rg-deploy-err-", ".txt");
            try {
                builder.redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()));
                Process process = builder.start();
                if (!process.waitFor(DEADLINE_SECS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            String.join(" ", command) + " did not end in " + DEADLINE_SECS + " s");
                }
                return new Result(
                        command,
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first executable file named {@code name} on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
