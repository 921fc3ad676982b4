package org.reservegrid.gateway.api;

import java.util.List;
import java.util.Map;
import org.reservegrid.gateway.hashrate.HashrateHistory;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/channels}: every open standard channel, and {@code GET /api/channels/{channel_id}/hashrate}: one
 * channel's hashrate over the last hour; both as the channel's event loop reports them.
 */
@RestController
class ChannelsController {
    private final Sv2Server server;

    ChannelsController(Sv2Server server) {
        this.server = server;
    }

    @GetMapping("/api/channels")
    Mono<ResponseEntity<Map<String, Object>>> channels() {
        return ChannelSnapshots.of(server)
                .map(channels -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("count", channels.size(), "channels", channels)));
    }

    /**
     * The channel's declared and measured hashrate and settled flag, one sample per 10 s interval for the last hour,
     * oldest first (see {@link HashrateHistory}); 404 {@code not_found} when no such channel is open.
     */
    @GetMapping("/api/channels/{channel_id}/hashrate")
    Mono<ResponseEntity<ChannelHashrate>> hashrate(@PathVariable("channel_id") String channelId) {
        long id;
        try {
            id = Long.parseLong(channelId);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "invalid_parameter", "the channel id must be a number, got '" + channelId + "'");
        }
        return ChannelSnapshots.fromEventLoops(server.registry().hashrateHistory(id))
                .map(samples -> samples.orElseThrow(
                        () -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "no channel " + id + " is open")))
                .map(samples -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new ChannelHashrate(id, HashrateHistory.INTERVAL.toSeconds(), samples)));
    }

    /** The body of {@code GET /api/channels/{channel_id}/hashrate}; samples' {@code at} are unix milliseconds. */
    record ChannelHashrate(long channelId, long intervalSecs, List<HashrateHistory.Sample> samples) {}
}
