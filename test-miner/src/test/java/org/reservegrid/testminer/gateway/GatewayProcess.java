package org.reservegrid.testminer.gateway;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real sv2-gateway as a separate process ({@code sv2-gateway/target/sv2-gateway.jar}) on free loopback ports,
 * fed by a {@link StubTemplateManager}, with generated development Noise keys in a temporary data directory.
 * Starting waits for {@code /ready}; closing stops the process. Without the jar (the gateway module was not
 * packaged), the calling test is skipped with the reason.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern HTTP_STARTED = Pattern.compile("Netty started on port (\\d+) \\(http\\)");

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int sv2Port;
    private final String authorityPublicKey;

    private GatewayProcess(Process process, Path log, int httpPort, int sv2Port, String authorityPublicKey) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.sv2Port = sv2Port;
        this.authorityPublicKey = authorityPublicKey;
    }

    /** The packaged gateway, or a skipped test when there is none. */
    public static Path jar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("sv2-gateway/target/sv2-gateway.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            if (Files.isRegularFile(dir.resolve("sv2-gateway/pom.xml"))) {
                break;
            }
        }
        abort("sv2-gateway/target/sv2-gateway.jar is not built: ./mvnw -B -pl sv2-gateway -am package -DskipTests");
        throw new IllegalStateException("unreachable");
    }

    /**
     * Starts the gateway on {@code templateManager} with extra {@code VELDRA_*} settings and waits until it is ready.
     *
     * @param dataDir an empty directory for the share log and the generated Noise keys
     */
    public static GatewayProcess start(StubTemplateManager templateManager, Path dataDir, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path jar = jar();
        Map<String, String> env = new HashMap<>();
        env.put("VELDRA_GATEWAY_BIND", "127.0.0.1");
        // Port 0 for both (other builds share the machine); the HTTP port is read from the log, the SV2 port
        // from /api/noise.
        env.put("VELDRA_GATEWAY_HTTP_PORT", "0");
        env.put("VELDRA_GATEWAY_SV2_PORT", "0");
        env.put("VELDRA_TEMPLATE_MANAGER_URL", templateManager.url());
        env.put("VELDRA_GATEWAY_PAYOUT_SCRIPT", "0014" + "11".repeat(20));
        env.put("VELDRA_DATA_DIR", dataDir.toString());
        env.put("VELDRA_MODE", "observe");
        env.putAll(settings);
        Path log = dataDir.resolve("gateway.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("VELDRA_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            int httpPort = -1;
            while (httpPort < 0 || status(httpPort, "/ready") != 200) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("sv2-gateway did not become ready (exit "
                            + (process.isAlive() ? "none" : process.exitValue()) + "):\n" + tail(log));
                }
                Thread.sleep(100);
                if (httpPort < 0) {
                    httpPort = httpPortFromLog(log);
                }
            }
            JsonNode noise = getJson(httpPort, "/api/noise");
            return new GatewayProcess(
                    process,
                    log,
                    httpPort,
                    noise.get("sv2_port").asInt(),
                    noise.get("authority_public_key").asString());
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public int sv2Port() {
        return sv2Port;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The authority key as {@code GET /api/noise} gives it (base58check). */
    public String authorityPublicKey() {
        return authorityPublicKey;
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        return getJson(httpPort, path);
    }

    /** The gateway's output so far, for assertion messages. */
    public String logTail() {
        return tail(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static JsonNode getJson(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(response.body());
    }

    private static int status(int port, String path) throws InterruptedException {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Spring Boot logs {@code Netty started on port N (http)} once the web server listens; -1 before. */
    private static int httpPortFromLog(Path log) {
        try {
            Matcher started = HTTP_STARTED.matcher(Files.readString(log));
            return started.find() ? Integer.parseInt(started.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no gateway log: " + e.getMessage() + ")";
        }
    }
}
