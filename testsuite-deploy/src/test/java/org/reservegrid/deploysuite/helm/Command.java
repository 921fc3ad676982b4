package org.reservegrid.deploysuite.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a tool: its exit code and both outputs (stderr kept apart, since helm prints warnings there). */
record Command(List<String> arguments, int exitCode, String stdout, String stderr) {
    /** A guard against a hung tool, not a speed assertion: helm template of this chart takes well under a second. */
    private static final long TIMEOUT_SECONDS = 120;

    static Command run(Path workingDirectory, List<String> arguments) {
        try {
            Path out = Files.createTempFile("helm-test", ".out");
            Path err = Files.createTempFile("helm-test", ".err");
            try {
                Process process = new ProcessBuilder(arguments)
                        .directory(workingDirectory.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(arguments + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                return new Command(
                        List.copyOf(arguments),
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
            throw new IllegalStateException("interrupted while running " + arguments, e);
        }
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    /** For assertion messages: the command and what it printed. */
    String describe() {
        return String.join(" ", arguments) + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n"
                + stderr;
    }
}
