package org.reservegrid.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;

/**
 * One of the project's services as a child process of the test JVM (the same {@code java}), configured by
 * environment variables, plus an {@link Http} client for its API. Inherited {@code VELDRA_*} variables are removed
 * first, so only what the test sets reaches the service.
 *
 * <p>Lifecycle: {@link #launch()} starts it, {@link #awaitHealthy()} waits until {@code GET /health} answers 200
 * ({@link #start()} does both), {@link #kill()} is a crash (SIGKILL), {@link #close()} a stop (SIGTERM, then SIGKILL
 * after 10 s). A launched process can be launched again after it ended (a restart on the same settings). Output goes
 * to a log file, quoted in failures; a temporary log is deleted on close.
 */
public final class ServiceProcess implements AutoCloseable {
    /** Fast JVM start-up on a busy machine: C1 only, the CDS archive when there is one. */
    public static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final List<String> launchArguments;
    private final @Nullable Path jar;
    private final Map<String, String> environment;
    private final Http http;
    private final int httpPort;
    private final Path log;
    private final boolean temporaryLog;
    private final @Nullable Path workingDirectory;
    private @Nullable Process process;

    private ServiceProcess(Builder builder) {
        this.name = builder.name;
        List<String> arguments = new ArrayList<>(builder.jvmOptions);
        arguments.addAll(builder.launchArguments);
        this.launchArguments = List.copyOf(arguments);
        this.jar = builder.jar;
        this.environment = Map.copyOf(builder.environment);
        this.httpPort = builder.httpPort;
        this.http = Http.loopback(builder.httpPort);
        Path chosenLog = builder.log;
        if (chosenLog == null) {
            try {
                chosenLog = Files.createTempFile("rg-test-" + name + "-", ".log");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.log = chosenLog;
        this.temporaryLog = builder.log == null;
        this.workingDirectory = builder.workingDirectory;
    }

    /** A service started with {@code java -jar jar}; the jar must exist when the process is launched. */
    public static Builder jar(String name, Path jar) {
        return new Builder(name, List.of("-jar", jar.toString()), jar);
    }

    /** A service started from a main class on this JVM's class path (a module testing its own main). */
    public static Builder mainClass(String name, Class<?> main) {
        return new Builder(name, List.of("-cp", System.getProperty("java.class.path"), main.getName()), null);
    }

    /** How a {@link ServiceProcess} is started. */
    public static final class Builder {
        private final String name;
        private final List<String> launchArguments = new ArrayList<>();
        private final @Nullable Path jar;
        private final Map<String, String> environment = new HashMap<>();
        private List<String> jvmOptions = FAST_START;
        private int httpPort = -1;
        private @Nullable Path log;
        private @Nullable Path workingDirectory;

        private Builder(String name, List<String> launchArguments, @Nullable Path jar) {
            this.name = name;
            this.launchArguments.addAll(launchArguments);
            this.jar = jar;
        }

        public Builder environment(Map<String, String> settings) {
            environment.putAll(settings);
            return this;
        }

        public Builder environment(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        /** The port the service's HTTP API will listen on (it must be told so in its environment too). */
        public Builder httpPort(int port) {
            httpPort = port;
            return this;
        }

        /** JVM options in place of {@link #FAST_START}. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions = List.copyOf(options);
            return this;
        }

        /** Appends the output to this file, which stays after close (default: a temporary file, deleted). */
        public Builder log(Path file) {
            log = file;
            return this;
        }

        /** The directory the service runs in (default: the test's), for services that read relative paths. */
        public Builder workingDirectory(Path directory) {
            workingDirectory = directory;
            return this;
        }

        /** The process, not yet launched. */
        public ServiceProcess build() {
            if (httpPort <= 0) {
                throw new IllegalStateException(name + ": httpPort is required");
            }
            return new ServiceProcess(this);
        }
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** A client for the service's HTTP API. */
    public Http http() {
        return http;
    }

    /** The launched process, for tests about the process itself (signals, exit codes). */
    public Process process() {
        return running();
    }

    /** The running process's id. */
    public long pid() {
        return running().pid();
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Launches the process and waits until {@code GET /health} answers 200. */
    public ServiceProcess start() {
        launch();
        awaitHealthy();
        return this;
    }

    /** Waits until {@code GET /health} answers 200 (JVM start-up on a busy 2-core machine can take half a minute). */
    public void awaitHealthy() {
        awaitHttp("/health", result -> result.status() == 200, START_TIMEOUT);
    }

    /** Waits until {@code GET /ready} answers 200. */
    public void awaitReady() {
        awaitHttp("/ready", result -> result.status() == 200, START_TIMEOUT);
    }

    /** Launches the process without waiting for it, so several services can start side by side. */
    public synchronized void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (jar != null && !Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar " + jar + " is missing: build the module first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(launchArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().keySet().removeIf(variable -> variable.startsWith("VELDRA_"));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " could not be launched", e);
        }
        LIVE.add(process);
    }

    /**
     * Polls {@code GET path} until {@code condition} holds, and returns that answer; fails with the service log when
     * the deadline passes or the process exits.
     */
    public HttpResult awaitHttp(String path, Predicate<HttpResult> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResult last = null;
        while (true) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " is not running; log tail:\n" + logTail());
            }
            try {
                last = http.get(path);
                if (condition.test(last)) {
                    return last;
                }
            } catch (UncheckedIOException e) {
                // Not listening yet, or restarting a connection: keep polling.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " GET " + path + " did not reach the expected state within " + timeout
                        + "; last answer: " + last + "; log tail:\n" + logTail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    public HttpResult get(String path) {
        return http.get(path);
    }

    public HttpResult post(String path, String contentType, String body) {
        return http.post(path, contentType, body);
    }

    /** The last 60 lines of the service's output, for assertion messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process (SIGKILL, a crash: no shutdown hooks run) and waits for it to be gone. */
    public synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        try {
            current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(current);
    }

    /**
     * Stops the process (SIGTERM) and returns whether it exited within {@code timeout}; the process is not killed
     * when it did not.
     */
    public synchronized boolean stop(Duration timeout) {
        Process current = process;
        if (current == null) {
            return true;
        }
        current.destroy();
        try {
            boolean exited = current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                LIVE.remove(current);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        Process current = process;
        if (current != null) {
            current.destroy();
            try {
                if (!current.waitFor(10, TimeUnit.SECONDS)) {
                    current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(current);
            process = null;
        }
        if (temporaryLog) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // A leftover log in the temporary directory is harmless.
            }
        }
    }

    private Process running() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was not launched");
        }
        return current;
    }
}
