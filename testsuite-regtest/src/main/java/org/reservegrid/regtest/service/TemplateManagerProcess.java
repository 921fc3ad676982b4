package org.reservegrid.regtest.service;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.reservegrid.regtest.node.RegtestNode;

/**
 * template-manager started from {@code template-manager.jar} on a given loopback port, pointed at a regtest node's
 * RPC and a verifier's TCP port, polling fast enough for a test (0.2 s, refresh every 1 s).
 */
public final class TemplateManagerProcess implements AutoCloseable {
    private final ServiceProcess process;

    private TemplateManagerProcess(ServiceProcess process) {
        this.process = process;
    }

    /** Starts template-manager without waiting for it: call {@code http().awaitHealthy()}. */
    public static TemplateManagerProcess start(Path jar, int httpPort, RegtestNode node, String verifierAddress) {
        ServiceProcess process = new ServiceProcess(
                "template-manager",
                jar,
                Map.of(
                        "VELDRA_TEMPLATE_MANAGER_BIND",
                        "127.0.0.1",
                        "VELDRA_TEMPLATE_MANAGER_HTTP_PORT",
                        Integer.toString(httpPort),
                        "VELDRA_BITCOIND_RPC_URL",
                        node.rpcUri().toString(),
                        "VELDRA_BITCOIND_RPC_USER",
                        node.rpcUser(),
                        "VELDRA_BITCOIND_RPC_PASS",
                        node.rpcPassword(),
                        "VELDRA_BITCOIND_RPC_TIMEOUT_SECS",
                        "5",
                        "VELDRA_TEMPLATE_POLL_SECS",
                        "0.2",
                        "VELDRA_TEMPLATE_REFRESH_SECS",
                        "1",
                        "VELDRA_VERIFIER_ADDR",
                        verifierAddress),
                httpPort);
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
