package org.reservegrid.regtest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One of the project's services started from its built jar ({@code java -jar}, the JVM running the suite) with
 * environment variables for its configuration, plus a small HTTP client for its API.
 *
 * <p>Lifecycle: {@link #launch()} starts it, {@link #awaitHealthy()} waits until {@code GET /health} answers 200
 * ({@link #start()} does both); {@link #close()} stops
 * it (SIGTERM, then SIGKILL after 10 s). Its output goes to a temporary log file, quoted in failures and deleted on
 * close.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private @Nullable Process process;

    public ServiceProcess(String name, Path jar, Map<String, String> environment, int httpPort) {
        this.name = name;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.httpPort = httpPort;
        try {
            this.log = Files.createTempFile("rg-regtest-" + name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free TCP port on loopback, for a service to bind. */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** Launches the process and waits until {@code GET /health} answers 200. */
    public void start() {
        launch();
        awaitHealthy();
    }

    /** Waits until {@code GET /health} answers 200 (JVM start-up on a busy 2-core machine can take half a minute). */
    public void awaitHealthy() {
        awaitHttp("/health", result -> result.status() == 200, Duration.ofSeconds(120));
    }

    /** Launches the process without waiting for it, so several services can start side by side. */
    public synchronized void launch() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar " + jar + " is missing: build the module first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar"));
        command.add(jar.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
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
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(name + " is not running; log tail:\n" + logTail());
            }
            try {
                last = get(path);
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
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResult post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(running);
        process = null;
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // A leftover log in the temporary directory is harmless.
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private HttpResult send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " " + request.build().uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
