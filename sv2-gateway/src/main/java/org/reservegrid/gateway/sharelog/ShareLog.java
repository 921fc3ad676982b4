package org.reservegrid.gateway.sharelog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable, append-only log of accepted shares: one JSON line per share in {@code shares-NNNNNN.jsonl} files under
 * one directory, a new file once the current one would exceed the size limit.
 *
 * <p>Lifecycle: {@link #open} recovers (a line torn by a crash is cut off and counted) and continues the sequence
 * numbers where the last complete line left them; {@link #append} queues a share and returns its sequence number;
 * {@link #whenDurable} runs an action once that share is as durable as the {@link FsyncPolicy} promises (the gateway
 * sends SubmitShares.Success from there); {@link #close} writes and fsyncs everything queued.
 *
 * <p>One writer thread does all I/O, so event loops never block on the disk: appends go through a bounded queue,
 * and a full queue is reported to the caller (the share is refused rather than acknowledged and lost).
 */
public final class ShareLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareLog.class);
    private static final Pattern FILE_NAME = Pattern.compile("shares-(\\d{6,})\\.jsonl");
    private static final Pattern SEQ_FIELD = Pattern.compile("^\\{\"seq\":(\\d+),");
    private static final int QUEUE_CAPACITY = 65_536;
    /** How often a failed log (disk full, read-only, gone) tries again; shares wait, unacknowledged, meanwhile. */
    static final long RETRY_MILLIS = 1_000;

    /** What {@link #open} found. */
    public record Recovery(int files, long lastSequence, long tornBytes) {
        /** Nothing recovered (yet): the directory could not be opened. */
        public static final Recovery NONE = new Recovery(0, 0, 0);
    }

    private record Pending(long sequence, @Nullable ShareRecord record) {}

    private static final Pending STOP = new Pending(-1, null);

    private record Waiter(long sequence, Executor executor, Runnable action) {}

    private final Path directory;
    private final long maxFileBytes;
    private final FsyncPolicy policy;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final PriorityQueue<Waiter> waiters =
            new PriorityQueue<>((a, b) -> Long.compare(a.sequence(), b.sequence()));
    private final Object appendLock = new Object();

    private @Nullable FileChannel file;
    private int fileIndex;
    private long fileSize;
    private long nextSequence;
    /** Guarded by {@code waiters}. */
    private long durableSequence;

    private long lastFsyncNanos;
    private boolean dirty;
    private volatile boolean closing;
    private volatile @Nullable String failure;
    private final AtomicLong ioFailures = new AtomicLong();
    private long failedSinceNanos;
    /** Writer thread only: lines of the current batch already in the file. */
    private int batchWritten;

    private @Nullable Thread writer;
    private @Nullable Recovery recovery;

    public ShareLog(Path directory, long maxFileBytes, FsyncPolicy policy) {
        this.directory = directory;
        this.maxFileBytes = maxFileBytes;
        this.policy = policy;
    }

    /**
     * Recovers the directory and starts the writer. When the directory cannot be read or written (read-only, not a
     * directory, disk full), the log starts failed: {@link #failure()} says why, shares are refused, and the writer
     * tries again every {@link #RETRY_MILLIS} ms; the returned recovery is then {@link Recovery#NONE}.
     */
    public synchronized Recovery open() {
        Recovery result;
        try {
            result = recover();
        } catch (IOException e) {
            fail("cannot open the share log in " + directory, e);
            result = Recovery.NONE;
        }
        Thread thread =
                Thread.ofPlatform().name("share-log-writer").daemon(true).unstarted(this::run);
        writer = thread;
        thread.start();
        return result;
    }

    private synchronized Recovery recover() throws IOException {
        Files.createDirectories(directory);
        List<Integer> indexes = fileIndexes();
        long lastSequence = 0;
        long torn = 0;
        int last = indexes.isEmpty() ? 1 : indexes.getLast();
        for (int i = indexes.size() - 1; i >= 0; i--) {
            Path path = pathOf(indexes.get(i));
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long complete = completeLength(channel, channel.size());
                if (i == indexes.size() - 1 && complete < channel.size()) {
                    torn = channel.size() - complete;
                    channel.truncate(complete);
                    channel.force(true);
                    log.warn("share log {}: cut {} bytes of a line torn by a crash", path.getFileName(), torn);
                }
                if (complete > 0) {
                    lastSequence = lastSequenceIn(channel, complete, path);
                    break;
                }
            }
        }
        fileIndex = last;
        openFile(fileIndex);
        synchronized (appendLock) {
            nextSequence = lastSequence + 1;
        }
        synchronized (waiters) {
            durableSequence = lastSequence;
        }
        lastFsyncNanos = System.nanoTime();
        Recovery result = new Recovery(indexes.size(), lastSequence, torn);
        recovery = result;
        log.info(
                "share log {} opened: {} file(s), last sequence {}, fsync {}",
                directory,
                indexes.size(),
                lastSequence,
                policy.label());
        return result;
    }

    /** What recovery found, or {@link Recovery#NONE} while the directory could not be opened yet. */
    public Recovery recovery() {
        Recovery result = recovery;
        return result == null ? Recovery.NONE : result;
    }

    public Path directory() {
        return directory;
    }

    public FsyncPolicy policy() {
        return policy;
    }

    /**
     * Queues one share; returns its sequence number, or -1 when the queue is full, the writer has failed or the log
     * is closing.
     */
    public long append(ShareRecord record) {
        synchronized (appendLock) {
            if (closing || failure != null || !queue.offer(new Pending(nextSequence, record))) {
                return -1;
            }
            return nextSequence++;
        }
    }

    /** Runs {@code action} on {@code executor} once share {@code sequence} is durable (at once if it already is). */
    public void whenDurable(long sequence, Executor executor, Runnable action) {
        synchronized (waiters) {
            if (sequence > durableSequence) {
                waiters.add(new Waiter(sequence, executor, action));
                return;
            }
        }
        executor.execute(action);
    }

    public long durableSequence() {
        synchronized (waiters) {
            return durableSequence;
        }
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        long pollMillis =
                policy.beforeAck() ? 1_000 : Math.max(1, policy.interval().toMillis());
        boolean stop = false;
        try {
            while (recovery == null && !closing) {
                Thread.sleep(RETRY_MILLIS);
                attempt(this::recover);
            }
            while (true) {
                if (batch.isEmpty()) {
                    if (stop) {
                        break;
                    }
                    Pending first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        attempt(() -> maybeFsync(false));
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch);
                    stop = batch.remove(STOP);
                    batchWritten = 0;
                    continue;
                }
                boolean force = policy.beforeAck() || stop;
                boolean durable = attempt(() -> {
                    write(batch);
                    if (force) {
                        fsync();
                    } else {
                        maybeFsync(false);
                    }
                });
                if (!durable) {
                    if (closing) {
                        log.error(
                                "share log: closing with {} share(s) not durable ({}); none of them was acknowledged",
                                batch.size() + queue.size(),
                                failure);
                        return;
                    }
                    Thread.sleep(RETRY_MILLIS);
                    continue;
                }
                long last = batch.getLast().sequence();
                batch.clear();
                release(last);
            }
            attempt(this::fsync);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /**
     * Runs one I/O step. A failure (disk full, read-only file system, a file gone) marks the log failed, closes the
     * file so the next attempt reopens it, and is logged once per outage; the next success clears it.
     */
    private boolean attempt(IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            fail("share log write failed", e);
            return false;
        }
        if (failure != null) {
            log.info(
                    "share log recovered after {} ms; shares are acknowledged again",
                    (System.nanoTime() - failedSinceNanos) / 1_000_000);
            failure = null;
        }
        return true;
    }

    private void fail(String what, IOException e) {
        ioFailures.incrementAndGet();
        String reason = what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        if (failure == null) {
            failedSinceNanos = System.nanoTime();
            log.error(
                    "{}; shares are refused and not acknowledged until it recovers (retrying every {} ms)",
                    reason,
                    RETRY_MILLIS);
        }
        failure = reason;
        FileChannel channel = file;
        file = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the reopen says whether the file is usable.
            }
        }
    }

    /** I/O errors since start (each failed attempt counts, so an outage's retries show as a rising count). */
    public long ioFailures() {
        return ioFailures.get();
    }

    /** Why the log cannot make shares durable right now, or null while it works. */
    public @Nullable String failure() {
        return failure;
    }

    /**
     * Writes the batch's lines from {@link #batchWritten} on; a line counts as written only once all of it is, so
     * after a failure the next attempt starts with the line that failed (behind the last complete line: see
     * {@link #openFile}).
     */
    private void write(List<Pending> batch) throws IOException {
        while (batchWritten < batch.size()) {
            Pending pending = batch.get(batchWritten);
            ShareRecord record = pending.record();
            if (record != null) {
                byte[] line = ShareLines.line(pending.sequence(), record).getBytes(StandardCharsets.UTF_8);
                if (fileSize > 0 && fileSize + line.length > maxFileBytes) {
                    rotate();
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                FileChannel channel = current();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                fileSize += line.length;
                dirty = true;
            }
            batchWritten++;
        }
    }

    private void release(long sequence) {
        List<Waiter> ready = new ArrayList<>();
        synchronized (waiters) {
            durableSequence = sequence;
            while (!waiters.isEmpty() && waiters.peek().sequence() <= sequence) {
                ready.add(waiters.poll());
            }
        }
        for (Waiter waiter : ready) {
            try {
                waiter.executor().execute(waiter.action());
            } catch (RuntimeException e) {
                // The channel's event loop is gone (connection closed during shutdown): nobody to acknowledge.
                log.debug("share log: acknowledgement dropped: {}", e.toString());
            }
        }
    }

    private void maybeFsync(boolean force) throws IOException {
        if (dirty
                && (force
                        || System.nanoTime() - lastFsyncNanos
                                >= policy.interval().toNanos())) {
            fsync();
        }
    }

    private void fsync() throws IOException {
        if (dirty) {
            current().force(false);
            dirty = false;
        }
        lastFsyncNanos = System.nanoTime();
    }

    private void rotate() throws IOException {
        fsync();
        current().close();
        file = null;
        fileIndex++;
        openFile(fileIndex);
        log.info("share log rotated to {}", pathOf(fileIndex).getFileName());
    }

    /**
     * Opens file {@code index} to append behind its last complete line: a line cut short by a failed write (disk
     * full) is removed, so the retry writes it whole.
     */
    private void openFile(int index) throws IOException {
        FileChannel channel = FileChannel.open(
                pathOf(index), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            long complete = completeLength(channel, size);
            if (complete < size) {
                channel.truncate(complete);
                log.warn(
                        "share log {}: cut {} bytes of a line a failed write left",
                        pathOf(index).getFileName(),
                        size - complete);
            }
            channel.position(complete);
            fileSize = complete;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        file = channel;
    }

    /** The open file, reopened after a failure closed it. */
    private FileChannel current() throws IOException {
        FileChannel channel = file;
        if (channel == null) {
            openFile(fileIndex);
            channel = file;
        }
        return Objects.requireNonNull(channel);
    }

    /** Stops taking shares, writes and fsyncs everything queued, and closes the file. */
    @Override
    public void close() {
        synchronized (appendLock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        Thread thread = writer;
        if (thread != null) {
            try {
                // Appends have stopped, so the queue only shrinks; the marker waits for room behind them.
                if (!queue.offer(STOP, 10, TimeUnit.SECONDS)) {
                    log.error("share log: writer did not drain its queue within 10 s");
                }
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            FileChannel channel = file;
            if (channel != null && channel.isOpen()) {
                try {
                    channel.force(false);
                    channel.close();
                } catch (IOException e) {
                    log.error("share log close failed: {}", e.getMessage());
                }
            }
        }
        log.info("share log closed at sequence {}", durableSequence());
    }

    public Path pathOf(int index) {
        return directory.resolve(String.format("shares-%06d.jsonl", index));
    }

    /** The log files in order. */
    public List<Path> files() throws IOException {
        return fileIndexes().stream().map(this::pathOf).toList();
    }

    private List<Integer> fileIndexes() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> FILE_NAME.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(matcher -> Integer.parseInt(matcher.group(1)))
                    .sorted()
                    .toList();
        }
    }

    /** The length up to and including the last newline before {@code before}. */
    private static long completeLength(FileChannel channel, long before) throws IOException {
        long position = before;
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (position > 0) {
            int length = (int) Math.min(buffer.capacity(), position);
            position -= length;
            buffer.clear().limit(length);
            channel.read(buffer, position);
            for (int i = length - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return position + i + 1;
                }
            }
        }
        return 0;
    }

    /** The sequence number of the last complete line (which ends at {@code end}). */
    private static long lastSequenceIn(FileChannel channel, long end, Path path) throws IOException {
        long start = completeLength(channel, end - 1);
        ByteBuffer line = ByteBuffer.allocate((int) Math.min(end - start, 1 << 20));
        channel.read(line, start);
        Matcher matcher = SEQ_FIELD.matcher(new String(line.array(), 0, line.position(), StandardCharsets.UTF_8));
        if (!matcher.find()) {
            throw new IOException(path.getFileName() + ": the last line does not start with {\"seq\":N");
        }
        return Long.parseLong(matcher.group(1));
    }
}
