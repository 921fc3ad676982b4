package org.reservegrid.gateway.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.reservegrid.gateway.hashrate.HashrateHistory;
import org.reservegrid.gateway.work.Work;

/**
 * Every open SV2 connection, the global channel count and id space, and the current work. Work is released to all
 * connections from here: each connection takes it on its own event loop.
 */
public final class ChannelRegistry {
    private final Set<ConnectionHandler> connections = ConcurrentHashMap.newKeySet();
    /** The connection each open channel belongs to, for questions about one channel (its hashrate history). */
    private final Map<Long, ConnectionHandler> channelOwners = new ConcurrentHashMap<>();

    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong channelIds = new AtomicLong();
    private final AtomicInteger channels = new AtomicInteger();
    private final AtomicLong releases = new AtomicLong();
    private volatile @Nullable Distribution current;

    /** Releases {@code work} to every channel (called on the work pipeline's thread). */
    public void distribute(Work work) {
        Distribution distribution = new Distribution(releases.incrementAndGet(), work);
        current = distribution;
        for (ConnectionHandler connection : connections) {
            connection.offer(distribution);
        }
    }

    /** The work miners get now: what a newly opened channel starts on. */
    public @Nullable Work currentWork() {
        Distribution distribution = current;
        return distribution == null ? null : distribution.work();
    }

    @Nullable
    Distribution current() {
        return current;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    long nextChannelId() {
        return channelIds.incrementAndGet();
    }

    void add(ConnectionHandler connection) {
        connections.add(connection);
    }

    void remove(ConnectionHandler connection) {
        connections.remove(connection);
    }

    /** Takes one of {@code max} channel slots; false when all are in use. */
    boolean reserveChannel(int max) {
        while (true) {
            int now = channels.get();
            if (now >= max) {
                return false;
            }
            if (channels.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Called on the connection's event loop once {@code channelId} is open there. */
    void channelOpened(long channelId, ConnectionHandler connection) {
        channelOwners.put(channelId, connection);
    }

    /** Gives back the slot of a channel that was open ({@link #reserveChannel}) and forgets where it was. */
    void releaseChannel(long channelId) {
        channelOwners.remove(channelId);
        channels.decrementAndGet();
    }

    public int connectionCount() {
        return connections.size();
    }

    public int channelCount() {
        return channels.get();
    }

    Set<ConnectionHandler> connections() {
        return connections;
    }

    /**
     * Every open channel, by channel id. Each connection builds its channels' snapshots on its own event loop, so
     * the figures are exact as of the moment the loop got to it and shares never pay for the API.
     */
    public CompletableFuture<List<ChannelSnapshot>> snapshots() {
        List<CompletableFuture<List<ChannelSnapshot>>> parts = new ArrayList<>(connections.size());
        for (ConnectionHandler connection : connections) {
            parts.add(connection.snapshots());
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture<?>[]::new))
                .thenApply(done -> {
                    List<ChannelSnapshot> all = new ArrayList<>();
                    for (CompletableFuture<List<ChannelSnapshot>> part : parts) {
                        all.addAll(part.join());
                    }
                    all.sort(Comparator.comparingLong(ChannelSnapshot::channelId));
                    return all;
                });
    }

    /**
     * The hashrate history of one open channel, oldest first, read on its connection's event loop; empty when no
     * such channel is open.
     */
    public CompletableFuture<Optional<List<HashrateHistory.Sample>>> hashrateHistory(long channelId) {
        ConnectionHandler owner = channelOwners.get(channelId);
        return owner == null ? CompletableFuture.completedFuture(Optional.empty()) : owner.hashrateHistory(channelId);
    }

    /** Sum of the channels' measured hashrates as of their last tick (for gauges: no event-loop round trip). */
    public double measuredHashrate() {
        return sumOverChannels(MiningChannel::measuredHashrate);
    }

    public double declaredHashrate() {
        return sumOverChannels(MiningChannel::declaredHashrate);
    }

    private double sumOverChannels(ToDoubleFunction<MiningChannel> figure) {
        double total = 0;
        for (ConnectionHandler connection : connections) {
            total += connection.sumOverChannels(figure);
        }
        return total;
    }
}
