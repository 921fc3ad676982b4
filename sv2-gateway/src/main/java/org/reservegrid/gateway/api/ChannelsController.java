package org.reservegrid.gateway.api;

import java.util.Map;
import org.reservegrid.gateway.server.Sv2Server;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/channels}: every open standard channel, as its connection's event loop reports it. */
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
}
