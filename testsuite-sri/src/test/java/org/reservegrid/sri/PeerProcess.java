package org.reservegrid.sri;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One running Rust peer. Its stdout carries one line per protocol milestone and is collected line by line; its
 * stderr explains failures and is kept for assertion messages. Closing destroys the process if it still runs, so
 * no peer outlives its test.
 */
final class PeerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stdoutPump;
    private final Thread stderrPump;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdoutPump = pump(process.getInputStream(), line -> {
            synchronized (stdout) {
                stdout.add(line);
                stdout.notifyAll();
            }
        });
        this.stderrPump = pump(process.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
            }
        });
    }

    static PeerProcess start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            return new PeerProcess(Path.of(command.getFirst()).getFileName().toString(), process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the first stdout line that matches, failing with the peer's output when none comes. */
    String awaitLine(Predicate<String> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stdout) {
            while (true) {
                for (String line : stdout) {
                    if (matching.test(line)) {
                        return line;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || (!process.isAlive() && !stdoutPump.isAlive())) {
                    throw new AssertionError(
                            name + " printed no expected line within " + timeout + "\n" + transcript());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(stdout, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    /** Waits for the process to end and returns its exit code; a hang fails the test with its output. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + "\n" + transcript());
            }
            stdoutPump.join(timeout.toMillis());
            stderrPump.join(timeout.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
    }

    List<String> stdoutLines() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Everything the peer printed, for failure messages. */
    String transcript() {
        return "--- " + name + " stdout ---\n" + String.join("\n", stdoutLines()) + "\n--- " + name + " stderr ---\n"
                + stderr();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static Thread pump(InputStream stream, Consumer<String> sink) {
        Thread thread = Thread.ofVirtual().unstarted(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // The process ended or was destroyed; what was read so far is kept.
            }
        });
        thread.start();
        return thread;
    }
}
