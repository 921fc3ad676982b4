package org.reservegrid.gateway.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reservegrid.gateway.noise.NoiseIdentity;
import org.reservegrid.gateway.server.Sv2Server;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/noise}: the keys and URL a miner needs to connect. */
@RestController
class NoiseController {
    private final NoiseIdentity noise;
    private final Sv2Server server;

    NoiseController(NoiseIdentity noise, Sv2Server server) {
        this.noise = noise;
        this.server = server;
    }

    @GetMapping("/api/noise")
    ResponseEntity<Map<String, Object>> noise() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authority_public_key", noise.authorityPublicKey());
        body.put("server_public_key", noise.serverPublicKey());
        body.put("valid_from", noise.validFrom());
        body.put("not_valid_after", noise.notValidAfter());
        body.put("source", noise.source());
        body.put("sv2_port", server.port());
        body.put("url", "stratum2+tcp://<host>:" + server.port() + "/" + noise.authorityPublicKey());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
