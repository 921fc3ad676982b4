package org.reservegrid.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.reservegrid.testkit.FreePorts;

/**
 * pool-verifier started from {@code pool-verifier.jar} on free loopback ports, with the given policy TOML written to
 * a temporary file, TLS off, and its verdict history in a temporary data directory.
 */
public final class PoolVerifierProcess implements AutoCloseable {
    private final ServiceProcess process;
    private final int tcpPort;
    private final Path dir;

    private PoolVerifierProcess(ServiceProcess process, int tcpPort, Path dir) {
        this.process = process;
        this.tcpPort = tcpPort;
        this.dir = dir;
    }

    /** Starts the verifier without waiting for it: call {@code http().awaitHealthy()}. */
    public static PoolVerifierProcess start(Path jar, String policyToml, URI templateManagerUrl) {
        Path dir = TemporaryDirectories.create("rg-test-verifier-");
        try {
            Files.writeString(dir.resolve("policy.toml"), policyToml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int tcpPort = FreePorts.loopback();
        int httpPort = FreePorts.loopback();
        ServiceProcess process = ServiceProcess.jar("pool-verifier", jar)
                .httpPort(httpPort)
                .environment(Map.of(
                        "VELDRA_VERIFIER_BIND", "127.0.0.1",
                        "VELDRA_VERIFIER_TCP_PORT", Integer.toString(tcpPort),
                        "VELDRA_VERIFIER_HTTP_PORT", Integer.toString(httpPort),
                        "VELDRA_POLICY_FILE", dir.resolve("policy.toml").toString(),
                        "VELDRA_TEMPLATE_MANAGER_URL", templateManagerUrl.toString(),
                        "VELDRA_MEMPOOL_POLL_SECS", "0.2",
                        "VELDRA_MEMPOOL_STALE_SECS", "5",
                        "VELDRA_TLS_MODE", "off",
                        "VELDRA_DATA_DIR", dir.resolve("data").toString()))
                .build();
        process.launch();
        return new PoolVerifierProcess(process, tcpPort, dir);
    }

    /** {@code host:port} of the TCP verifier, as template-manager's {@code VELDRA_VERIFIER_ADDR} takes it. */
    public String tcpAddress() {
        return "127.0.0.1:" + tcpPort;
    }

    public ServiceProcess http() {
        return process;
    }

    /** Stops the verifier and deletes its policy file and verdict history. */
    @Override
    public void close() {
        process.close();
        TemporaryDirectories.delete(dir);
    }
}
