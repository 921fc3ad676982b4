package org.reservegrid.gateway.server;

import io.github.bucket4j.Bucket;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every connection: refuses it before any cryptography when the gateway is draining, when all
 * connection slots are taken or the peer address holds its quota ({@code peer_quota_exceeded}), or when the peer
 * connects faster than its token bucket allows ({@code connection_rate_limited}). Admitted connections are counted
 * until they close. Shared by all connections.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<InetAddress> ADMITTED = AttributeKey.valueOf("rg-admitted-peer");

    private final int maxConnections;
    private final int maxPerPeer;
    private final int perPeerPerSecond;
    private final GatewayMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Peer> peers = new ConcurrentHashMap<>();
    private volatile boolean draining;

    private static final class Peer {
        final AtomicInteger connections = new AtomicInteger();
        final Bucket rate;

        Peer(int perSecond) {
            rate = Bucket.builder()
                    .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                    .build();
        }
    }

    ConnectionLimiter(ServerSettings settings, GatewayMetrics metrics) {
        this.maxConnections = settings.maxConnections();
        this.maxPerPeer = settings.maxConnectionsPerIp();
        this.perPeerPerSecond = settings.connectionsPerIpPerSecond();
        this.metrics = metrics;
    }

    void drain() {
        draining = true;
    }

    int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress address =
                ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        GatewayReason refusal = admit(address);
        if (refusal != null) {
            metrics.connectionRejected(refusal);
            log.debug("refused a connection from {}: {}", address, refusal);
            ctx.close();
            return;
        }
        ctx.channel().attr(ADMITTED).set(address);
        metrics.connectionAccepted();
        ctx.fireChannelActive();
    }

    private @Nullable GatewayReason admit(@Nullable InetAddress address) {
        if (draining) {
            return GatewayReason.SHUTDOWN_DRAIN;
        }
        if (address == null) {
            return GatewayReason.PEER_QUOTA_EXCEEDED;
        }
        Peer peer = peers.computeIfAbsent(address, key -> new Peer(perPeerPerSecond));
        if (!peer.rate.tryConsume(1)) {
            return GatewayReason.CONNECTION_RATE_LIMITED;
        }
        if (peer.connections.incrementAndGet() > maxPerPeer) {
            peer.connections.decrementAndGet();
            return GatewayReason.PEER_QUOTA_EXCEEDED;
        }
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            peer.connections.decrementAndGet();
            return GatewayReason.PEER_QUOTA_EXCEEDED;
        }
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress address = ctx.channel().attr(ADMITTED).getAndSet(null);
        if (address != null) {
            open.decrementAndGet();
            Peer peer = peers.get(address);
            if (peer != null) {
                peer.connections.decrementAndGet();
            }
            ctx.fireChannelInactive();
        }
    }

    /** Forgets idle peers (no connection, bucket full) so the map does not grow with every address ever seen. */
    void sweep() {
        peers.entrySet()
                .removeIf(entry -> entry.getValue().connections.get() == 0
                        && entry.getValue().rate.getAvailableTokens() >= perPeerPerSecond);
    }
}
