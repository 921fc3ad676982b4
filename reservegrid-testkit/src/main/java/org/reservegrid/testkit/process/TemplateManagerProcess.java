package org.reservegrid.testkit.process;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * template-manager started from {@code template-manager.jar} on a given loopback port, pointed at a node's RPC and
 * a verifier's TCP port, polling fast enough for a test (0.2 s, refresh every 1 s).
 */
public final class TemplateManagerProcess implements AutoCloseable {
    private final ServiceProcess process;

    private TemplateManagerProcess(ServiceProcess process) {
        this.process = process;
    }

    /** A node's JSON-RPC endpoint and credentials. */
    public record NodeRpc(URI url, String user, String password) {}

    /** Starts template-manager without waiting for it: call {@code http().awaitHealthy()}. */
    public static TemplateManagerProcess start(Path jar, int httpPort, NodeRpc node, String verifierAddress) {
        ServiceProcess process = ServiceProcess.jar("template-manager", jar)
                .httpPort(httpPort)
                .environment(Map.of(
                        "VELDRA_TEMPLATE_MANAGER_BIND",
                        "127.0.0.1",
                        "VELDRA_TEMPLATE_MANAGER_HTTP_PORT",
                        Integer.toString(httpPort),
                        "VELDRA_BITCOIND_RPC_URL",
                        node.url().toString(),
                        "VELDRA_BITCOIND_RPC_USER",
                        node.user(),
                        "VELDRA_BITCOIND_RPC_PASS",
                        node.password(),
                        "VELDRA_BITCOIND_RPC_TIMEOUT_SECS",
                        "5",
                        "VELDRA_TEMPLATE_POLL_SECS",
                        "0.2",
                        "VELDRA_TEMPLATE_REFRESH_SECS",
                        "1",
                        "VELDRA_VERIFIER_ADDR",
                        verifierAddress))
                .build();
        process.launch();
        return new TemplateManagerProcess(process);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + process.httpPort());
    }

    public ServiceProcess http() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
