package org.reservegrid.gateway.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;

/**
 * What the SV2 server needs from the configuration (docs/sv2-gateway.md explains each).
 *
 * @param port 0 picks a free port
 * @param allowedMiners user identities (or their part before the first '.') allowed to open channels; empty allows
 *     everyone
 */
public record ServerSettings(
        InetAddress bind,
        int port,
        double sharesPerMinute,
        Duration vardiffReview,
        Duration hashrateWindow,
        int sharesToSettle,
        int shareBatchSize,
        Duration shareAckFlush,
        int shareRatePerSecond,
        int shareBurst,
        int maxConnections,
        int maxConnectionsPerIp,
        int connectionsPerIpPerSecond,
        int maxChannelsPerConnection,
        int maxChannels,
        Set<String> allowedMiners,
        Duration handshakeTimeout,
        Duration setupTimeout,
        Duration shutdownDrain) {

    public ServerSettings {
        allowedMiners = Set.copyOf(allowedMiners);
    }

    boolean allowed(String userIdentity) {
        if (allowedMiners.isEmpty()) {
            return true;
        }
        if (allowedMiners.contains(userIdentity)) {
            return true;
        }
        int dot = userIdentity.indexOf('.');
        return dot > 0 && allowedMiners.contains(userIdentity.substring(0, dot));
    }
}
