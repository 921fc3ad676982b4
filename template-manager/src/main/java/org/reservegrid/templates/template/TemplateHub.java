package org.reservegrid.templates.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reservegrid.templates.metrics.ErrorKind;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.verifier.VerdictOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;

/**
 * Keeps the recent templates and fans template and verdict events out to stream subscribers.
 *
 * <p>Ordering: events are emitted under one lock, so every subscriber sees them in the order they happened. A
 * verdict event is never emitted before its template's event (a verdict that beats the rendering of its template
 * is held back and follows it at once); templates appear in sequence order; verdicts of different templates may interleave with later templates (the verifier pipelines).
 * A new subscriber first gets a replay (see {@link #subscribe}) taken under the same lock, so nothing is lost or
 * doubled between the replay and live events.
 *
 * <p>A subscriber that falls {@code maxBufferedEvents} live events behind is disconnected (its buffer dropped); it
 * can reconnect with {@code Last-Event-ID} and resume from the retained history. Buffered events share the
 * rendered JSON of the retained templates, so the bound is on references, not copies.
 */
public final class TemplateHub {
    private static final Logger log = LoggerFactory.getLogger(TemplateHub.class);

    private final int history;
    private final int maxBufferedEvents;
    private final TemplateJson json;
    private final TemplateMetrics metrics;
    private final ArrayDeque<TemplateRecord> recent = new ArrayDeque<>();
    /** Copy-on-write: a sink that overflows during a broadcast removes itself from the list being iterated. */
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private boolean closed;

    public TemplateHub(int history, int maxBufferedEvents, TemplateJson json, TemplateMetrics metrics) {
        if (history < 1 || maxBufferedEvents < 1) {
            throw new IllegalArgumentException("history and maxBufferedEvents must be positive");
        }
        this.history = history;
        this.maxBufferedEvents = maxBufferedEvents;
        this.json = json;
        this.metrics = metrics;
        metrics.streamSubscribers(this::subscriberCount);
    }

    public TemplateJson json() {
        return json;
    }

    /**
     * Renders the template event and makes the record visible. The proposal may already be with the verifier (it is
     * sent first, so the verifier works while the stream JSON is rendered); a verdict that arrived before this call
     * is emitted right after the template event.
     */
    void publish(TemplateRecord record) {
        record.rendered(json.template(record));
        StreamEvent event = StreamEvent.template(record);
        synchronized (this) {
            recent.addLast(record);
            while (recent.size() > history) {
                recent.removeFirst();
            }
            broadcast(event);
            String verdictJson = record.verdictJson();
            if (verdictJson != null) {
                broadcast(StreamEvent.verdict(record, verdictJson));
            }
        }
    }

    void verdict(TemplateRecord record, VerdictOutcome outcome) {
        String verdictJson = json.verdict(record, outcome);
        synchronized (this) {
            // Attached under the lock, so a subscriber's replay and the live event never both carry it, and held
            // back while the template itself is not published yet.
            record.attach(outcome, verdictJson);
            if (record.published()) {
                broadcast(StreamEvent.verdict(record, verdictJson));
            }
        }
    }

    /** Newest first. */
    public synchronized List<TemplateRecord> recent(int limit) {
        List<TemplateRecord> newestFirst = new ArrayList<>(Math.min(limit, recent.size()));
        Iterator<TemplateRecord> iterator = recent.descendingIterator();
        while (iterator.hasNext() && newestFirst.size() < limit) {
            newestFirst.add(iterator.next());
        }
        return newestFirst;
    }

    public synchronized Optional<TemplateRecord> latest() {
        return Optional.ofNullable(recent.peekLast());
    }

    public synchronized Optional<TemplateRecord> find(long sequence) {
        for (TemplateRecord record : recent) {
            if (record.sequence() == sequence) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    /**
     * The retained template {@code sequence} and the next-older retained one (null when it is the oldest), taken
     * together under the lock so a publication between two lookups cannot pair it with the wrong neighbour.
     */
    public synchronized Optional<Neighbours> findWithPrevious(long sequence) {
        TemplateRecord previous = null;
        for (TemplateRecord record : recent) {
            if (record.sequence() == sequence) {
                return Optional.of(new Neighbours(record, previous));
            }
            previous = record;
        }
        return Optional.empty();
    }

    /** A retained template and the one retained just before it. */
    public record Neighbours(
            TemplateRecord record, @Nullable TemplateRecord previous) {}

    public synchronized int subscriberCount() {
        return subscribers.size();
    }

    /**
     * The live stream, preceded by a replay: without {@code lastEventId}, the newest template (and its verdict if
     * known); with {@code "N"}, N's verdict if known, then every retained template after N with its verdict; with
     * {@code "N-v"}, every retained template after N. An unparsable id counts as none.
     */
    public Flux<StreamEvent> subscribe(@Nullable String lastEventId) {
        Subscriber subscriber = new Subscriber();
        return Flux.<StreamEvent>create(
                        sink -> {
                            synchronized (this) {
                                if (closed) {
                                    sink.complete();
                                    return;
                                }
                                List<StreamEvent> replay = replay(lastEventId);
                                subscriber.start(sink, maxBufferedEvents + replay.size());
                                replay.forEach(subscriber::emit);
                                subscribers.add(subscriber);
                            }
                            sink.onDispose(() -> subscribers.remove(subscriber));
                        },
                        FluxSink.OverflowStrategy.BUFFER)
                .doOnNext(event -> subscriber.delivered.incrementAndGet())
                // Completes at once when the subscriber overflows, dropping its buffer, even without demand.
                .takeUntilOther(subscriber.overflow.asMono());
    }

    private List<StreamEvent> replay(@Nullable String lastEventId) {
        List<StreamEvent> events = new ArrayList<>();
        LastEvent last = LastEvent.parse(lastEventId);
        if (last == null) {
            TemplateRecord newest = recent.peekLast();
            if (newest != null) {
                addWithVerdict(events, newest);
            }
            return events;
        }
        for (TemplateRecord record : recent) {
            if (record.sequence() == last.sequence() && !last.verdictSeen()) {
                String verdictJson = record.verdictJson();
                if (verdictJson != null) {
                    events.add(StreamEvent.verdict(record, verdictJson));
                }
            } else if (record.sequence() > last.sequence()) {
                addWithVerdict(events, record);
            }
        }
        return events;
    }

    private static void addWithVerdict(List<StreamEvent> events, TemplateRecord record) {
        events.add(StreamEvent.template(record));
        String verdictJson = record.verdictJson();
        if (verdictJson != null) {
            events.add(StreamEvent.verdict(record, verdictJson));
        }
    }

    /**
     * Ends every stream (after the events already buffered for it) and refuses new ones. Called on shutdown before
     * the web server's graceful shutdown, which would otherwise wait for these never-ending responses.
     */
    public synchronized void close() {
        closed = true;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.sink != null) {
                subscriber.sink.complete();
            }
        }
        subscribers.clear();
    }

    private void broadcast(StreamEvent event) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.backlog() >= subscriber.allowance) {
                subscribers.remove(subscriber);
                subscriber.overflow.tryEmitEmpty();
                metrics.error(ErrorKind.STREAM_SUBSCRIBER_OVERFLOW);
                log.warn(
                        "template stream subscriber fell {} events behind and was disconnected; it can resume with"
                                + " Last-Event-ID",
                        subscriber.backlog());
            } else {
                subscriber.emit(event);
            }
        }
    }

    /** One stream connection and how far behind it is. */
    private static final class Subscriber {
        final Sinks.Empty<Void> overflow = Sinks.empty();
        final AtomicLong delivered = new AtomicLong();
        long emitted;
        long allowance;

        @Nullable
        FluxSink<StreamEvent> sink;

        void start(FluxSink<StreamEvent> newSink, long newAllowance) {
            sink = newSink;
            allowance = newAllowance;
        }

        void emit(StreamEvent event) {
            emitted++;
            if (sink != null) {
                sink.next(event);
            }
        }

        long backlog() {
            return emitted - delivered.get();
        }
    }

    private record LastEvent(long sequence, boolean verdictSeen) {
        static @Nullable LastEvent parse(@Nullable String id) {
            if (id == null || id.isBlank()) {
                return null;
            }
            String trimmed = id.trim();
            boolean verdict = trimmed.endsWith("-v");
            String number = verdict ? trimmed.substring(0, trimmed.length() - 2) : trimmed;
            try {
                long sequence = Long.parseLong(number);
                return sequence < 0 ? null : new LastEvent(sequence, verdict);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
