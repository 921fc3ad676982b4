package org.reservegrid.regtest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * sv2-gateway started from {@code sv2-gateway.jar} in observe mode on free loopback ports, following a
 * template-manager's stream and paying its coinbases to the given script, with its share log, block record and
 * generated development Noise keys in a temporary data directory.
 */
public final class Sv2GatewayProcess implements AutoCloseable {
    private final ServiceProcess process;
    private final int sv2Port;
    private final Path dir;

    private Sv2GatewayProcess(ServiceProcess process, int sv2Port, Path dir) {
        this.process = process;
        this.sv2Port = sv2Port;
        this.dir = dir;
    }

    /** Starts the gateway without waiting for it: call {@code http().awaitHealthy()}. */
    public static Sv2GatewayProcess start(Path jar, URI templateManagerUrl, byte[] payoutScript) {
        Path dir;
        try {
            dir = Files.createTempDirectory("rg-regtest-gateway-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int sv2Port = ServiceProcess.freeLoopbackPort();
        int httpPort = ServiceProcess.freeLoopbackPort();
        ServiceProcess process = new ServiceProcess(
                "sv2-gateway",
                jar,
                Map.of(
                        "VELDRA_GATEWAY_BIND", "127.0.0.1",
                        "VELDRA_GATEWAY_SV2_PORT", Integer.toString(sv2Port),
                        "VELDRA_GATEWAY_HTTP_PORT", Integer.toString(httpPort),
                        "VELDRA_TEMPLATE_MANAGER_URL", templateManagerUrl.toString(),
                        "VELDRA_MODE", "observe",
                        "VELDRA_GATEWAY_PAYOUT_SCRIPT", HexFormat.of().formatHex(payoutScript),
                        "VELDRA_DATA_DIR", dir.resolve("data").toString()),
                httpPort);
        process.launch();
        return new Sv2GatewayProcess(process, sv2Port, dir);
    }

    public int sv2Port() {
        return sv2Port;
    }

    public ServiceProcess http() {
        return process;
    }

    /** Stops the gateway and deletes its data directory. */
    @Override
    public void close() {
        process.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
