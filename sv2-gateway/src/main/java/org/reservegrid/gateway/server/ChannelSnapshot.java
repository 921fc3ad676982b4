package org.reservegrid.gateway.server;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One channel as {@code GET /api/channels} shows it. Hashrates are hashes per second; {@code target} is big-endian
 * hex (the usual display order); times are unix milliseconds.
 *
 * @param measuredHashrate from the accepted work in the estimator's sliding window
 * @param settled whether the window holds enough shares for the estimate to be within about 25%
 * @param acceptedWork the sum of the difficulties of the accepted shares
 * @param rejects rejected shares by GatewayReason code
 */
public record ChannelSnapshot(
        long channelId,
        long connectionId,
        String userIdentity,
        String remoteAddress,
        long connectedSince,
        long openedAt,
        double declaredHashrate,
        double measuredHashrate,
        boolean settled,
        int sharesInWindow,
        String target,
        double difficulty,
        String extranoncePrefix,
        long accepted,
        double acceptedWork,
        long blocksFound,
        Map<String, Long> rejects,
        @Nullable Long lastShareAt,
        long currentJobId,
        @Nullable Long templateSequence) {

    public ChannelSnapshot {
        rejects = Map.copyOf(rejects);
    }
}
