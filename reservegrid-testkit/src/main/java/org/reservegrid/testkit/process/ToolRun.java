package org.reservegrid.testkit.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of an outside tool (docker-compose, helm, kubeconform, hadolint, promtool, scripts/rg, java) to its end:
 * its exit code and both outputs, kept apart (helm and docker-compose print warnings on stderr).
 *
 * @param command the program and its arguments as run
 */
public record ToolRun(List<String> command, int exitCode, String stdout, String stderr) {
    /** A guard against a hung tool, not a speed assertion: the tools these suites run end within seconds. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public ToolRun {
        command = List.copyOf(command);
    }

    /** Runs {@code command} in {@code directory} with this JVM's environment and no input. */
    public static ToolRun run(Path directory, List<String> command) {
        return run(directory, environment -> {}, command);
    }

    /**
     * Runs {@code command} in {@code directory} with no input; {@code environment} adjusts the child's environment
     * (this JVM's, to begin with) before it starts.
     */
    public static ToolRun run(Path directory, Consumer<Map<String, String>> environment, List<String> command) {
        return run(directory, environment, command, DEFAULT_TIMEOUT);
    }

    /**
     * Like {@link #run(Path, Consumer, List)}, for a tool that may take up to {@code timeout} (scripts/rg up). A tool
     * still running then is asked to stop (SIGTERM: scripts/rg stops what it started) before it is killed, and the
     * run fails with what it printed so far.
     */
    public static ToolRun run(
            Path directory, Consumer<Map<String, String>> environment, List<String> command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        environment.accept(builder.environment());
        try {
            Path out = Files.createTempFile("rg-tool-out-", ".txt");
            Path err = Files.createTempFile("rg-tool-err-", ".txt");
            try {
                Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroy();
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout
                            + "\n--- stdout\n" + Files.readString(out, StandardCharsets.UTF_8) + "\n--- stderr\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new ToolRun(
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
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** The first executable file named {@code name} on the PATH, if any. */
    public static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
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

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Both outputs, stdout first: for tools whose report may land on either. */
    public String output() {
        return stdout + stderr;
    }

    /** For assertion messages: the command and what it printed. */
    public String describe() {
        return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
}
