package org.reservegrid.templates.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Reads a text/event-stream over a real HTTP connection into a queue of events (comments are dropped). */
public final class SseClient implements AutoCloseable {
    /** One dispatched event. */
    public record Event(@Nullable String id, String name, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread reader;
    private volatile @Nullable Stream<String> lines;
    private volatile int status;

    public SseClient(String url, @Nullable String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(5));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        reader = Thread.ofVirtual().start(() -> read(request.build()));
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            Stream<String> body = response.body();
            lines = body;
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            Iterator<String> iterator = body.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (Exception e) {
            // The test closed the stream, or the server went away: either way reading ends.
        }
    }

    public int status() {
        return status;
    }

    /** The next event within {@code seconds}, or null. */
    public @Nullable Event next(long seconds) throws InterruptedException {
        return events.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        Stream<String> body = lines;
        if (body != null) {
            body.close();
        }
        reader.interrupt();
        http.close();
    }
}
