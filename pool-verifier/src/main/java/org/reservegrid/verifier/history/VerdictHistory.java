package org.reservegrid.verifier.history;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.config.VerifierSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The verdict history: a ring of recent verdicts for the API, and a bounded queue that one writer thread drains
 * into the database in batches.
 *
 * <p>Recording never blocks and never waits for the database: the verdict is already on its way to the client.
 * When the queue is full the record is dropped from persistence (it stays in the ring), counted in
 * {@code rg_verifier_history_dropped_total} and logged at most once every 10 seconds.
 *
 * <p>Lifecycle: the writer thread starts with the bean. On shutdown (after the TCP server has stopped) it
 * writes everything still queued before the database closes, so a graceful stop loses nothing. A hard kill loses
 * what is queued or in the batch being gathered or written: normally about 50 ms of verdicts, at most the queue
 * capacity when the database has fallen behind.
 */
@Component
public final class VerdictHistory implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(VerdictHistory.class);
    private static final int MAX_BATCH = 1000;
    /** How long the writer gathers verdicts before a commit (it never delays a verdict, only its persistence). */
    private static final long BATCH_WINDOW_MILLIS = 50;
    /** Rows deleted per transaction when pruning, so a large backlog never holds a long lock. */
    private static final int PRUNE_BATCH = 10_000;

    private static final long PRUNE_FIRST_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long PRUNE_INTERVAL_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final VerdictRepository repository;
    private final Clock clock;
    private final VerdictRing ring;
    private final BlockingQueue<VerdictRecord> queue;
    private final Counter dropped;
    private final Counter persisted;
    private final Counter writeFailures;
    private final Counter pruned;
    private final Duration retention;
    /** Owned by the writer thread. */
    private long nextPruneNanos = System.nanoTime() + PRUNE_FIRST_AFTER_NANOS;

    private final AtomicLong lastDropLogNanos = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
    private final AtomicLong droppedSinceLog = new AtomicLong();
    /** Highest id known to be written (or dropped, once the queue was seen empty). */
    private final AtomicLong writtenUpTo = new AtomicLong();

    private final Thread writer;
    private volatile boolean running = true;

    public VerdictHistory(
            VerdictRepository repository, VerifierSettings settings, Clock clock, MeterRegistry registry) {
        this.repository = repository;
        this.clock = clock;
        long firstId = repository.maxId() + 1;
        this.ring = new VerdictRing(settings.historyRingSize(), firstId);
        this.queue = new ArrayBlockingQueue<>(settings.historyQueueCapacity());
        this.dropped = Counter.builder("rg.verifier.history.dropped")
                .description("Verdicts not persisted because the history queue was full")
                .register(registry);
        this.persisted = Counter.builder("rg.verifier.history.persisted")
                .description("Verdicts written to the history database")
                .register(registry);
        this.retention = settings.historyRetention();
        this.pruned = Counter.builder("rg.verifier.history.pruned")
                .description("Persisted verdicts deleted for being older than VELDRA_HISTORY_RETENTION_DAYS")
                .register(registry);
        this.writeFailures = Counter.builder("rg.verifier.history.write.failures")
                .description("Batches the history database refused; their verdicts are lost")
                .register(registry);
        Gauge.builder("rg.verifier.history.queue.depth", queue, BlockingQueue::size)
                .description("Verdicts waiting to be written to the history database")
                .register(registry);
        this.writer = new Thread(this::drainLoop, "verdict-history-writer");
        writer.setDaemon(true);
        writer.start();
        log.info("verdict history continues at id {}", firstId);
    }

    /** Records a verdict sent to {@code peer}, judged at {@code judgedAt}; returns at once. */
    public VerdictRecord record(String peer, TemplatePropose template, TemplateVerdict verdict, Instant judgedAt) {
        VerdictRecord record = ring.append(id -> VerdictRecord.of(id, judgedAt, peer, template, verdict));
        if (!queue.offer(record)) {
            dropped.increment();
            droppedSinceLog.incrementAndGet();
            long now = System.nanoTime();
            long lastLog = lastDropLogNanos.get();
            if (now - lastLog >= DROP_LOG_INTERVAL_NANOS && lastDropLogNanos.compareAndSet(lastLog, now)) {
                log.warn(
                        "history queue full: {} verdicts not persisted in the last interval (they stay in the"
                                + " in-memory ring)",
                        droppedSinceLog.getAndSet(0));
            }
        }
        return record;
    }

    /** Newest matching records: from the ring, then from the database for older ones. */
    public List<VerdictRecord> newest(VerdictQuery query) {
        long oldestInRing = ring.oldestId();
        List<VerdictRecord> result = new ArrayList<>(ring.newest(query));
        if (result.size() < query.limit()) {
            long below = query.beforeId() == null ? oldestInRing : Math.min(oldestInRing, query.beforeId());
            result.addAll(repository.newest(query, below, query.limit() - result.size()));
        }
        return result;
    }

    public Optional<VerdictRecord> byId(long id) {
        Optional<VerdictRecord> recent = ring.byId(id);
        return recent.isPresent() ? recent : repository.byId(id);
    }

    /** One page of persisted records after {@code afterId}, oldest first. */
    public List<VerdictRecord> persistedPage(VerdictQuery filter, long afterId, int pageSize) {
        return repository.page(filter, afterId, pageSize);
    }

    public long lastId() {
        return ring.lastId();
    }

    public int queueDepth() {
        return queue.size();
    }

    public long droppedCount() {
        return (long) dropped.count();
    }

    public long persistedCount() {
        return (long) persisted.count();
    }

    /** Waits until everything queued so far is written, up to {@code timeout}; true when it was. */
    public boolean awaitFlushed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = ring.lastId();
        while (System.nanoTime() < deadline) {
            if (queue.isEmpty() && writtenUpTo.get() >= target) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private void drainLoop() {
        List<VerdictRecord> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            pruneWhenDue();
            try {
                VerdictRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    writtenUpTo.set(ring.lastId());
                    continue;
                }
                batch.add(first);
                if (queue.size() < MAX_BATCH - 1 && running) {
                    // Gather for a moment: every commit is a chunk written to the file, and thousands of tiny
                    // chunks a second cost H2 more CPU (free-space search) than the verdicts themselves.
                    Thread.sleep(BATCH_WINDOW_MILLIS);
                }
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
        }
        drainRemaining(batch);
    }

    /** Hourly, on the writer thread between batches (so pruning never competes with it for the database). */
    private void pruneWhenDue() {
        if (retention.isZero() || System.nanoTime() - nextPruneNanos < 0) {
            return;
        }
        nextPruneNanos = System.nanoTime() + PRUNE_INTERVAL_NANOS;
        pruneExpired();
    }

    /**
     * Deletes persisted verdicts recorded more than the retention period ago (none when retention is off); returns
     * how many. The in-memory ring is left alone: it holds only the newest verdicts.
     */
    public long pruneExpired() {
        if (retention.isZero()) {
            return 0;
        }
        long cutoff = clock.instant().minus(retention).toEpochMilli();
        long total = 0;
        try {
            int deleted;
            do {
                deleted = repository.deleteRecordedBefore(cutoff, PRUNE_BATCH);
                total += deleted;
            } while (deleted == PRUNE_BATCH && running);
        } catch (RuntimeException e) {
            log.warn("pruning the verdict history failed (retried within the hour): {}", e.toString());
        }
        if (total > 0) {
            pruned.increment(total);
            log.info("verdict history: {} verdicts older than {} days deleted", total, retention.toDays());
        }
        return total;
    }

    private void drainRemaining(List<VerdictRecord> batch) {
        // The batch may still hold what was gathered when the loop ended: write it with the rest.
        queue.drainTo(batch, Math.max(0, MAX_BATCH - batch.size()));
        while (!batch.isEmpty()) {
            write(batch);
            batch.clear();
            queue.drainTo(batch, MAX_BATCH);
        }
    }

    private void write(List<VerdictRecord> batch) {
        try {
            repository.insert(batch);
            persisted.increment(batch.size());
            long highest = 0;
            for (VerdictRecord record : batch) {
                highest = Math.max(highest, record.id());
            }
            long top = highest;
            writtenUpTo.accumulateAndGet(top, Math::max);
        } catch (RuntimeException e) {
            writeFailures.increment();
            log.error("history batch of {} verdicts could not be written: {}", batch.size(), e.toString());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
        if (writer.isAlive()) {
            log.warn("history writer did not finish within 30 s; {} verdicts unwritten", queue.size());
        } else {
            log.info("verdict history flushed: {} verdicts written in this run", persistedCount());
        }
    }
}
