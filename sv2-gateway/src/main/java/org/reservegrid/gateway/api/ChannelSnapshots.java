package org.reservegrid.gateway.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reservegrid.gateway.server.ChannelSnapshot;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/** What the connections' event loops report about their channels, for {@code /api/channels} and {@code /api/stats}. */
final class ChannelSnapshots {
    private static final long TIMEOUT_SECONDS = 5;

    private ChannelSnapshots() {}

    /** The snapshots, or a 503 {@code channels_unavailable} when the event loops are too busy to give them in time. */
    static Mono<List<ChannelSnapshot>> of(Sv2Server server) {
        return fromEventLoops(server.registry().snapshots());
    }

    /** An answer the event loops give, or a 503 {@code channels_unavailable} when it does not come in time. */
    static <T> Mono<T> fromEventLoops(CompletableFuture<T> answer) {
        return Mono.fromFuture(answer.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .onErrorMap(
                        TimeoutException.class,
                        e -> new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "channels_unavailable",
                                "the connections' event loops did not report their channels within " + TIMEOUT_SECONDS
                                        + " s"));
    }
}
