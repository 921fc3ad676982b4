package org.reservegrid.templates.template;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.retry.Backoff;
import org.reservegrid.noderpc.NodeErrorKind;
import org.reservegrid.noderpc.NodeRpcClient;
import org.reservegrid.noderpc.NodeRpcException;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.metrics.ErrorKind;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.settings.RuntimeSettings;
import org.reservegrid.templates.settings.SettingsStore;
import org.reservegrid.templates.verifier.VerifierClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fetches templates and publishes the ones that are new work.
 *
 * <p>Two loops run on their own virtual threads. The poll loop calls {@code getblocktemplate} every poll interval
 * (sooner when {@link #wake} is called, e.g. on a ZMQ {@code hashblock}), backing off exponentially while the node
 * fails. The long-poll loop, when enabled and the node gave a {@code longpollid}, keeps one long poll open so a
 * new block is seen the moment the node answers it. Both feed {@link #publishIfNew}, which publishes a template
 * when its {@link TemplateFingerprint} changed or the last one is older than the refresh interval: it is parsed
 * once ({@link GbtParser}), gets the next sequence number, goes to the verifier as the proposal built from the
 * parsed template, and is then rendered for the stream; the outcome is attached to it when it arrives.
 */
public final class TemplateFetcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TemplateFetcher.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How often an idle long-poll loop looks for a long-poll id, and the least time between two long polls. */
    private static final Duration LONG_POLL_IDLE = Duration.ofMillis(500);

    private final NodeRpcClient rpc;
    private final SettingsStore settings;
    private final ProposeConverter converter;
    private final TemplateHub hub;
    private final VerifierClient verifier;
    private final TemplateMetrics metrics;
    private final NodeHealth health;

    private final Object wakeLock = new Object();
    private boolean wakeRequested;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean running;
    private volatile @Nullable String longPollId;
    private volatile @Nullable Thread pollThread;
    private volatile @Nullable Thread longPollThread;

    // Guarded by "this" (publishIfNew).
    private @Nullable String lastFingerprint;
    private @Nullable String lastPrevHash;
    private long lastPublishedNanos;

    public TemplateFetcher(
            NodeRpcClient rpc,
            SettingsStore settings,
            ProposeConverter converter,
            TemplateHub hub,
            VerifierClient verifier,
            TemplateMetrics metrics,
            NodeHealth health) {
        this.rpc = rpc;
        this.settings = settings;
        this.converter = converter;
        this.hub = hub;
        this.verifier = verifier;
        this.metrics = metrics;
        this.health = health;
        settings.onChange(this::settingsChanged);
    }

    public void start() {
        running = true;
        pollThread = Thread.ofVirtual().name("template-poll").start(this::pollLoop);
        longPollThread = Thread.ofVirtual().name("template-longpoll").start(this::longPollLoop);
    }

    /** Fetch now instead of at the end of the poll interval (a new block was announced). */
    public void wake(String why) {
        log.debug("fetching a template now: {}", why);
        synchronized (wakeLock) {
            wakeRequested = true;
            wakeLock.notifyAll();
        }
    }

    private void settingsChanged() {
        longPollId = null;
        Thread longPoll = longPollThread;
        if (longPoll != null) {
            // Drops a long poll that may still be waiting on the previous node.
            longPoll.interrupt();
        }
        wake("settings changed");
    }

    private void pollLoop() {
        int failures = 0;
        NodeErrorKind lastKind = null;
        while (running) {
            RuntimeSettings current = settings.current();
            try {
                fetch(current, null, "poll");
                if (failures > 0) {
                    log.info("node {} answers again after {} failed attempts", current.node(), failures);
                }
                failures = 0;
                lastKind = null;
            } catch (NodeRpcException e) {
                failures++;
                nodeFailed(e, failures, e.kind() != lastKind);
                lastKind = e.kind();
            } catch (MalformedTemplateException e) {
                failures++;
                health.failed(e.kind().label() + ": " + e.getMessage());
                metrics.error(e.kind());
                log.warn("node {} sent an unusable template: {}", current.node(), e.getMessage());
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                failures++;
                log.error("unexpected error while fetching a template; retrying", e);
            }
            Duration wait = failures == 0 ? current.pollInterval() : backoff(current.pollInterval(), failures);
            if (!awaitWake(wait)) {
                return;
            }
        }
    }

    private void longPollLoop() {
        int failures = 0;
        while (running) {
            RuntimeSettings current = settings.current();
            String id = longPollId;
            try {
                Duration idle = shorter(current.pollInterval(), LONG_POLL_IDLE);
                if (!current.longPoll() || id == null || !health.up()) {
                    Thread.sleep(idle.toMillis() + 1);
                    continue;
                }
                log.debug("long poll on {}", id);
                long started = System.nanoTime();
                boolean published = fetch(current, id, "longpoll");
                failures = 0;
                if (!published && System.nanoTime() - started < idle.toNanos()) {
                    // The node answered at once with the same work: do not spin on it.
                    Thread.sleep(idle.toMillis() + 1);
                }
            } catch (NodeRpcException e) {
                if (e.kind() == NodeErrorKind.TIMEOUT) {
                    // The node held the long poll longer than longpoll_timeout_secs: normal, issue a new one.
                    log.debug(
                            "long poll re-issued after {} s",
                            current.longPollTimeout().toSeconds());
                    continue;
                }
                failures++;
                metrics.error(e.kind());
                log.debug("long poll failed ({}); the poll loop keeps fetching", e.getMessage());
                sleepQuietly(backoff(shorter(current.pollInterval(), LONG_POLL_IDLE), failures));
            } catch (MalformedTemplateException e) {
                metrics.error(e.kind());
                log.warn("node {} sent an unusable long-poll template: {}", current.node(), e.getMessage());
                sleepQuietly(MAX_BACKOFF);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("unexpected error in the long poll; retrying", e);
                sleepQuietly(MAX_BACKOFF);
            }
        }
    }

    /**
     * One getblocktemplate call; returns whether it published a template. The answer is parsed once; the proposal
     * is built from the parsed template and sent before the template is rendered for the stream, so the verifier's
     * latency does not include the stream's work.
     */
    private boolean fetch(RuntimeSettings current, @Nullable String longPoll, String source)
            throws InterruptedException {
        long started = System.nanoTime();
        Duration timeout = longPoll == null ? current.rpcTimeout() : current.longPollTimeout();
        JsonNode gbt = rpc.getBlockTemplate(current.node(), longPoll, timeout);
        long receivedAt = System.currentTimeMillis();
        GbtParser.Parsed parsed = GbtParser.read(gbt);
        BlockTemplate template = parsed.template();
        TemplatePropose propose;
        try {
            propose = converter.convert(template);
        } catch (RuntimeException e) {
            throw new MalformedTemplateException(
                    ErrorKind.CONVERSION_FAILED, "no proposal can be built: " + String.valueOf(e.getMessage()));
        }
        String fingerprint =
                TemplateFingerprint.of(propose, template.witnessCommitment().given());
        long fetchNanos = System.nanoTime() - started;
        metrics.fetched(source, fetchNanos);
        health.succeeded();
        longPollId = template.longPollId();
        return publishIfNew(parsed, propose, fingerprint, source, receivedAt, fetchNanos, current.refreshInterval());
    }

    private synchronized boolean publishIfNew(
            GbtParser.Parsed parsed,
            TemplatePropose propose,
            String fingerprint,
            String source,
            long receivedAtMillis,
            long fetchNanos,
            Duration refreshInterval) {
        boolean changed = !fingerprint.equals(lastFingerprint);
        boolean stale = System.nanoTime() - lastPublishedNanos >= refreshInterval.toNanos();
        if (!changed && !stale) {
            return false;
        }
        long sequenceNumber = sequence.incrementAndGet();
        TemplateRecord record = new TemplateRecord(
                sequenceNumber, propose, fingerprint, source, receivedAtMillis, fetchNanos, System.currentTimeMillis());
        lastFingerprint = fingerprint;
        lastPublishedNanos = System.nanoTime();
        verifier.propose(propose, outcome -> hub.verdict(record, outcome));

        MalformedTemplateException streamProblem = parsed.streamProblem();
        if (streamProblem != null) {
            // The verifier can judge it, but a gateway could not build a block from it: keep it off the stream.
            metrics.error(streamProblem.kind());
            log.warn("template {} was proposed but cannot be streamed: {}", sequenceNumber, streamProblem.getMessage());
            return true;
        }
        BlockTemplate template = parsed.template();
        record.describe(template);
        hub.publish(record);
        metrics.templatePublished(source);
        boolean newBlock = !template.previousBlockHash().equals(lastPrevHash);
        lastPrevHash = template.previousBlockHash();
        if (newBlock) {
            log.info(
                    "template {}: new tip, height {} prev {} ({} transactions, {} sat fees, via {})",
                    sequenceNumber,
                    template.height(),
                    template.previousBlockHash(),
                    template.transactions().size(),
                    template.totalFees(),
                    source);
        } else {
            log.debug(
                    "template {}: height {} ({} transactions, {} sat fees, {}, via {})",
                    sequenceNumber,
                    template.height(),
                    template.transactions().size(),
                    template.totalFees(),
                    changed ? "changed" : "refresh",
                    source);
        }
        return true;
    }

    private void nodeFailed(NodeRpcException e, int failures, boolean newKind) {
        health.failed(e.kind().label() + ": " + e.getMessage());
        metrics.error(e.kind());
        // First failure and every change of kind at WARN, then one line in ten while it lasts.
        if (failures == 1 || newKind || failures % 10 == 0) {
            log.warn(
                    "{} [{}] (attempt {}, retrying with backoff)",
                    e.getMessage(),
                    e.kind().label(),
                    failures);
        } else {
            log.debug("{} [{}] (attempt {})", e.getMessage(), e.kind().label(), failures);
        }
    }

    /**
     * The wait after the {@code failures}-th failure in a row: the poll interval (at least {@link #MIN_BACKOFF})
     * doubling up to {@link #MAX_BACKOFF} (or the poll interval, if longer). Built per call because the interval is
     * a runtime setting.
     */
    static Duration backoff(Duration pollInterval, int failures) {
        Duration base = pollInterval.compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF : pollInterval;
        Duration cap = pollInterval.compareTo(MAX_BACKOFF) > 0 ? pollInterval : MAX_BACKOFF;
        return Backoff.exponential(base, cap).delay(failures - 1);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Waits up to {@code wait} or until woken; false when the fetcher is stopping. */
    private boolean awaitWake(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (wakeLock) {
            while (running && !wakeRequested) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    wakeLock.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    return running;
                }
            }
            wakeRequested = false;
        }
        return running;
    }

    private void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            // Woken for a settings change or shutdown; the loop condition decides.
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (wakeLock) {
            wakeLock.notifyAll();
        }
        for (Thread thread : new Thread[] {pollThread, longPollThread}) {
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
