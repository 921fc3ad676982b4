package org.reservegrid.gateway.api;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reservegrid.gateway.server.ChannelSnapshot;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/** The channels' snapshots for {@code /api/channels} and {@code /api/stats}. */
final class ChannelSnapshots {
    private static final long TIMEOUT_SECONDS = 5;

    private ChannelSnapshots() {}

    /** The snapshots, or a 503 {@code channels_unavailable} when the event loops are too busy to give them in time. */
    static Mono<List<ChannelSnapshot>> of(Sv2Server server) {
        return Mono.fromFuture(server.registry().snapshots().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .onErrorMap(
                        TimeoutException.class,
                        e -> new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "channels_unavailable",
                                "the connections' event loops did not report their channels within " + TIMEOUT_SECONDS
                                        + " s"));
    }
}
