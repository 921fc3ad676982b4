package org.reservegrid.testkit.process;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.testkit.FreePorts;
import tools.jackson.databind.JsonNode;

/**
 * sv2-gateway started from {@code sv2-gateway.jar} in observe mode on free loopback ports, following a
 * template-manager's stream, with its share log, block record and generated development Noise keys in a data
 * directory (the caller's, or a temporary one deleted on close).
 */
public final class Sv2GatewayProcess implements AutoCloseable {
    /** A P2WPKH script to an all-0x11 key hash: a valid payout for tests that never spend it. */
    public static final String TEST_PAYOUT_SCRIPT = "0014" + "11".repeat(20);

    private final ServiceProcess process;
    private final int sv2Port;
    private final @Nullable Path temporaryDir;
    private @Nullable String authorityPublicKey;

    private Sv2GatewayProcess(ServiceProcess process, int sv2Port, @Nullable Path temporaryDir) {
        this.process = process;
        this.sv2Port = sv2Port;
        this.temporaryDir = temporaryDir;
    }

    /** Launches the gateway without waiting for it, paying coinbases to {@code payoutScript}, in a temporary data dir. */
    public static Sv2GatewayProcess start(Path jar, String templateManagerUrl, byte[] payoutScript) {
        return launch(
                jar,
                templateManagerUrl,
                null,
                Map.of("VELDRA_GATEWAY_PAYOUT_SCRIPT", HexFormat.of().formatHex(payoutScript)),
                ServiceProcess.FAST_START);
    }

    /**
     * Launches the packaged gateway (a {@link ServiceJars#require prerequisite}) on {@code dataDir} with extra {@code
     * VELDRA_*} settings and waits until {@code /ready} answers 200.
     */
    public static Sv2GatewayProcess startReady(String templateManagerUrl, Path dataDir, Map<String, String> settings) {
        Sv2GatewayProcess gateway =
                launch(ServiceJars.require("sv2-gateway"), templateManagerUrl, dataDir, settings, List.of("-Xmx512m"));
        try {
            gateway.http().awaitReady();
            return gateway;
        } catch (RuntimeException | Error e) {
            gateway.close();
            throw e;
        }
    }

    /**
     * Launches the gateway without waiting: {@code dataDir} null means a temporary one; {@code settings} override the
     * defaults (loopback bind, free ports, observe mode, {@link #TEST_PAYOUT_SCRIPT}); {@code jvmOptions} go to its JVM.
     */
    public static Sv2GatewayProcess launch(
            Path jar,
            String templateManagerUrl,
            @Nullable Path dataDir,
            Map<String, String> settings,
            List<String> jvmOptions) {
        Path temporaryDir = null;
        Path data = dataDir;
        if (data == null) {
            temporaryDir = TemporaryDirectories.create("rg-test-gateway-");
            data = temporaryDir.resolve("data");
        }
        int sv2Port = FreePorts.loopback();
        int httpPort = FreePorts.loopback();
        Map<String, String> environment = new HashMap<>();
        environment.put("VELDRA_GATEWAY_BIND", "127.0.0.1");
        environment.put("VELDRA_GATEWAY_SV2_PORT", Integer.toString(sv2Port));
        environment.put("VELDRA_GATEWAY_HTTP_PORT", Integer.toString(httpPort));
        environment.put("VELDRA_TEMPLATE_MANAGER_URL", templateManagerUrl);
        environment.put("VELDRA_MODE", "observe");
        environment.put("VELDRA_GATEWAY_PAYOUT_SCRIPT", TEST_PAYOUT_SCRIPT);
        environment.put("VELDRA_DATA_DIR", data.toString());
        environment.putAll(settings);
        ServiceProcess process = ServiceProcess.jar("sv2-gateway", jar)
                .httpPort(httpPort)
                .jvmOptions(jvmOptions)
                .environment(environment)
                .build();
        process.launch();
        return new Sv2GatewayProcess(process, sv2Port, temporaryDir);
    }

    public int sv2Port() {
        return sv2Port;
    }

    public int httpPort() {
        return process.httpPort();
    }

    public long pid() {
        return process.pid();
    }

    /** The authority key as {@code GET /api/noise} gives it (base58check). */
    public synchronized String authorityPublicKey() {
        if (authorityPublicKey == null) {
            authorityPublicKey =
                    getJson("/api/noise").get("authority_public_key").asString();
        }
        return authorityPublicKey;
    }

    public JsonNode getJson(String path) {
        return process.get(path).json();
    }

    public String logTail() {
        return process.logTail();
    }

    public ServiceProcess http() {
        return process;
    }

    /** Stops the gateway and deletes its temporary data directory, if it has one. */
    @Override
    public void close() {
        process.close();
        if (temporaryDir != null) {
            TemporaryDirectories.delete(temporaryDir);
        }
    }
}
