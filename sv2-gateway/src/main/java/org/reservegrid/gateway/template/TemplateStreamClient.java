package org.reservegrid.gateway.template;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Follows template-manager's {@code GET /api/templates/stream} (server-sent events). Each {@code template} and
 * {@code verdict} event goes to the {@link Listener} with the time it was read. On any end of the stream (error,
 * completion, or no bytes at all for {@link #IDLE_TIMEOUT}, three missed heartbeats) it reconnects with exponential
 * backoff from {@link #MIN_BACKOFF} to {@link #MAX_BACKOFF}, sending {@code Last-Event-ID} so template-manager
 * replays what was missed. The backoff resets once an event arrives.
 */
public final class TemplateStreamClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TemplateStreamClient.class);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(45);
    static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** A full template with every transaction's data can be several megabytes of JSON. */
    static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT_TYPE =
            new ParameterizedTypeReference<>() {};

    /** Receives events on a Reactor thread; it must hand heavy work off. */
    public interface Listener {
        void onEvent(String name, String data, long receivedAtNanos);
    }

    private final URI streamUrl;
    private final WebClient client;
    private final Listener listener;
    private final AtomicLong connects = new AtomicLong();
    private volatile @Nullable String lastEventId;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile @Nullable String problem = "not connected yet";
    private volatile long lastEventAtMillis;
    private final Backoff reconnects = reconnectBackoff();
    private @Nullable Disposable current;

    public TemplateStreamClient(URI templateManager, Listener listener) {
        this.streamUrl = URI.create(templateManager + "/api/templates/stream");
        this.listener = listener;
        this.client = WebClient.builder()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_EVENT_BYTES))
                .build();
    }

    public void start() {
        connect();
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        connects.incrementAndGet();
        String resumeFrom = lastEventId;
        current = client.get()
                .uri(streamUrl)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (resumeFrom != null) {
                        headers.set("Last-Event-ID", resumeFrom);
                    }
                })
                .retrieve()
                .bodyToFlux(EVENT_TYPE)
                .timeout(IDLE_TIMEOUT)
                .doOnSubscribe(subscription -> log.debug("connecting to {}", streamUrl))
                .subscribe(this::onEvent, this::onError, () -> ended("the stream ended"));
    }

    private void onEvent(ServerSentEvent<String> event) {
        if (!connected) {
            connected = true;
            problem = null;
            log.info("template stream connected: {}", streamUrl);
        }
        String name = event.event();
        String data = event.data();
        if (name == null || data == null) {
            return; // the opening comment or a heartbeat
        }
        reconnects.reset();
        lastEventAtMillis = System.currentTimeMillis();
        if (event.id() != null) {
            lastEventId = event.id();
        }
        try {
            listener.onEvent(name, data, System.nanoTime());
        } catch (RuntimeException e) {
            log.error("template stream listener failed on a {} event: {}", name, e.toString());
        }
    }

    private void onError(Throwable error) {
        String reason = error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + firstLine(error.getMessage()));
        ended(reason);
    }

    private void ended(String reason) {
        boolean wasConnected = connected;
        connected = false;
        problem = reason;
        if (closed) {
            return;
        }
        Duration delay = reconnects.next();
        if (wasConnected) {
            log.warn("template stream lost ({}); reconnecting in {} ms", reason, delay.toMillis());
        } else {
            log.debug("template stream unavailable ({}); retrying in {} ms", reason, delay.toMillis());
        }
        Mono.delay(delay).subscribe(tick -> connect());
    }

    /** The reconnect delays: {@link #MIN_BACKOFF} doubling to {@link #MAX_BACKOFF}, no jitter. */
    static Backoff reconnectBackoff() {
        return Backoff.exponential(MIN_BACKOFF, MAX_BACKOFF);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    public boolean connected() {
        return connected;
    }

    public @Nullable String problem() {
        return problem;
    }

    public @Nullable String lastEventId() {
        return lastEventId;
    }

    public long lastEventAtMillis() {
        return lastEventAtMillis;
    }

    public long connects() {
        return connects.get();
    }

    public URI streamUrl() {
        return streamUrl;
    }

    @Override
    public synchronized void close() {
        closed = true;
        connected = false;
        Disposable subscription = current;
        if (subscription != null) {
            subscription.dispose();
        }
    }
}
