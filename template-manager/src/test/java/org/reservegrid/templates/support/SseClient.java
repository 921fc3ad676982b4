package org.reservegrid.templates.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Reads a text/event-stream over a real HTTP connection into a queue of events (comments are dropped). */
public final class SseClient implements AutoCloseable {
    /** One dispatched event. */
    public record Event(@Nullable String id, String name, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    // HTTP/1.1: the JDK client's default h2c upgrade attempt is not what these tests exercise.
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Thread reader;
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile @Nullable Stream<String> lines;
    private volatile int status;
    private volatile @Nullable Exception failure;

    public SseClient(String url, @Nullable String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(5));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        reader = Thread.ofVirtual().start(() -> read(request.build()));
        // Wait for the response head so an event published right after this returns is not raced.
        try {
            if (!opened.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no response head from " + url + " within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while opening " + url, e);
        }
        if (failure != null) {
            throw new AssertionError("could not open " + url, failure);
        }
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            Stream<String> body = response.body();
            lines = body;
            opened.countDown();
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
            // The test closed the stream, or the server went away: either way reading ends; next() reports it.
            failure = e;
        } finally {
            opened.countDown();
        }
    }

    public int status() {
        return status;
    }

    /** The next event within {@code seconds}, or null. */
    public @Nullable Event next(long seconds) throws InterruptedException {
        Event event = events.poll(seconds, TimeUnit.SECONDS);
        Exception readFailure = failure;
        if (event == null && readFailure != null && !reader.isAlive()) {
            throw new AssertionError("the event stream ended with an error", readFailure);
        }
        return event;
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
