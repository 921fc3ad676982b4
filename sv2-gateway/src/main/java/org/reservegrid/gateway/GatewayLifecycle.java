package org.reservegrid.gateway;

import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.gateway.template.TemplateStreamClient;
import org.springframework.context.SmartLifecycle;

/**
 * Shutdown order: first of all (highest phase) the template stream stops and the SV2 server drains, while the HTTP
 * API still answers and the shared Reactor resources are still up; bean destruction afterwards finds both closed.
 */
final class GatewayLifecycle implements SmartLifecycle {
    private final TemplateStreamClient stream;
    private final Sv2Server server;
    private volatile boolean running = true;

    GatewayLifecycle(TemplateStreamClient stream, Sv2Server server) {
        this.stream = stream;
        this.server = server;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stream.close();
        server.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
