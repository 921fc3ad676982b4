package org.reservegrid.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One finished run of {@code test-miner.jar} ({@code java -jar}, the JVM running the suite): its exit code and its
 * output (stdout and stderr together; with {@code --json} the last line is the summary).
 */
public record TestMinerRun(int exitCode, String output) {

    /**
     * Runs the miner with the given arguments and waits for it to exit; a miner still running after {@code timeout}
     * is killed and the run fails with its output.
     */
    public static TestMinerRun run(Path jar, Duration timeout, List<String> arguments) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("test-miner jar " + jar + " is missing: build the module first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(arguments);
        Path log;
        try {
            log = Files.createTempFile("rg-test-test-miner-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean exited;
            try {
                exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("test-miner did not exit within " + timeout + "; output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new TestMinerRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("test-miner could not be run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // A leftover log in the temporary directory is harmless.
            }
        }
    }
}
