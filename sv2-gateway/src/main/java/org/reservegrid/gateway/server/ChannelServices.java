package org.reservegrid.gateway.server;

import org.reservegrid.gateway.block.BlockSubmitter;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.sharelog.ShareLog;

/** The services every connection and channel of one server shares. */
record ChannelServices(
        ServerSettings settings,
        ChannelRegistry registry,
        ShareLog shareLog,
        BlockSubmitter blocks,
        GatewayMetrics metrics,
        byte[] extranonceSalt,
        LoopTicker ticker) {

    ChannelServices(
            ServerSettings settings,
            ChannelRegistry registry,
            ShareLog shareLog,
            BlockSubmitter blocks,
            GatewayMetrics metrics,
            byte[] extranonceSalt) {
        this(
                settings,
                registry,
                shareLog,
                blocks,
                metrics,
                extranonceSalt,
                new LoopTicker(ConnectionHandler.TICK_MILLIS));
    }
}
