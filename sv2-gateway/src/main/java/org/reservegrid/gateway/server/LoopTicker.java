package org.reservegrid.gateway.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One periodic task per event loop that ticks every ready connection on that loop. A scheduled task per connection
 * cost a loop with thousands of connections most of its time in timer-queue upkeep and early wake-ups (JFR on
 * 5,000 idle channels), which then delayed shares and job fan-out.
 *
 * <p>{@link #join} and {@link #leave} are called on the connection's own loop, the only thread that touches that
 * loop's set.
 */
final class LoopTicker {
    private static final Logger log = LoggerFactory.getLogger(LoopTicker.class);

    private final long periodMillis;
    private final Map<EventExecutor, Set<ConnectionHandler>> byLoop = new ConcurrentHashMap<>();

    LoopTicker(long periodMillis) {
        this.periodMillis = periodMillis;
    }

    void join(EventExecutor loop, ConnectionHandler connection) {
        byLoop.computeIfAbsent(loop, this::startTicking).add(connection);
    }

    void leave(EventExecutor loop, ConnectionHandler connection) {
        Set<ConnectionHandler> connections = byLoop.get(loop);
        if (connections != null) {
            connections.remove(connection);
        }
    }

    private Set<ConnectionHandler> startTicking(EventExecutor loop) {
        Set<ConnectionHandler> connections = new LinkedHashSet<>();
        loop.scheduleAtFixedRate(() -> tickAll(connections), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return connections;
    }

    private static void tickAll(Set<ConnectionHandler> connections) {
        // A copy: a tick may close its connection, which leaves the set.
        for (ConnectionHandler connection : connections.toArray(ConnectionHandler[]::new)) {
            try {
                connection.tick();
            } catch (RuntimeException e) {
                // A failed periodic task is never run again: one connection's fault must not stop the others' ticks.
                log.error("tick of connection {} failed", connection.id(), e);
            }
        }
    }
}
