package org.reservegrid.feedserver.tokens;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.reservegrid.spring.websocket.BearerTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The tokens subscribers may present: those of {@code VELDRA_FEED_SERVER_TOKENS} (no expiry) plus those of the
 * token file. The file is read at start-up (a bad or missing file stops start-up) and then every poll interval;
 * when its bytes changed, the new set replaces the old one for every later connection (rotation without restart).
 * A file that became unreadable or invalid keeps the previous set, logs why and counts
 * {@code rg_feed_server_token_reloads_total{outcome="rejected"}}. Token values are never logged.
 */
public final class SubscriberTokens implements Supplier<BearerTokens>, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SubscriberTokens.class);

    private final List<BearerTokens.Token> fromEnvironment;
    private final @Nullable Path file;
    private final Duration poll;
    private final Counter reloaded;
    private final Counter rejected;
    private volatile BearerTokens current;
    private byte @Nullable [] lastContent;
    private @Nullable ScheduledExecutorService watcher;

    public SubscriberTokens(List<Secret> environment, @Nullable Path file, Duration poll, MeterRegistry meters) {
        this.fromEnvironment = environment.stream()
                .map(secret -> new BearerTokens.Token(secret, null))
                .toList();
        this.file = file;
        this.poll = poll;
        this.reloaded = reloads(meters, "applied");
        this.rejected = reloads(meters, "rejected");
        BearerTokens initial = BearerTokens.of(fromEnvironment);
        if (file != null) {
            try {
                byte[] content = Files.readAllBytes(file);
                initial = combined(TokenFile.parse(new String(content, StandardCharsets.UTF_8)));
                lastContent = content;
            } catch (IOException e) {
                throw new ConfigException(FeedServerSettings.TOKENS_FILE, "cannot be read: " + e.getMessage());
            } catch (TokenFile.InvalidTokenFileException e) {
                throw new ConfigException(FeedServerSettings.TOKENS_FILE, String.valueOf(e.getMessage()));
            }
        }
        this.current = initial;
        Gauge.builder("rg.feed.server.tokens", this, tokens -> tokens.current.size())
                .description("Subscriber tokens currently accepted (environment and file)")
                .register(meters);
    }

    private static Counter reloads(MeterRegistry meters, String outcome) {
        return Counter.builder("rg.feed.server.token.reloads")
                .description("Token file changes seen, by outcome (applied, or rejected and the previous set kept)")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public BearerTokens get() {
        return current;
    }

    private BearerTokens combined(List<BearerTokens.Token> fromFile) {
        List<BearerTokens.Token> all = new ArrayList<>(fromEnvironment);
        all.addAll(fromFile);
        return BearerTokens.of(all);
    }

    /** Reads the file once and applies it when it changed; the poll thread calls it, tests may too. */
    public synchronized void reload() {
        Path path = file;
        if (path == null) {
            return;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            if (lastContent != null) {
                rejected.increment();
                log.warn("Token file {} cannot be read ({}); keeping the previous {} tokens", path, e, current.size());
                lastContent = null;
            }
            return;
        }
        if (lastContent != null && Arrays.equals(content, lastContent)) {
            return;
        }
        lastContent = content;
        try {
            current = combined(TokenFile.parse(new String(content, StandardCharsets.UTF_8)));
            reloaded.increment();
            log.info("Token file {} changed: {} tokens accepted now", path, current.size());
        } catch (TokenFile.InvalidTokenFileException e) {
            rejected.increment();
            log.warn(
                    "Token file {} refused ({}); keeping the previous {} tokens", path, e.getMessage(), current.size());
        }
    }

    @Override
    public synchronized void start() {
        if (file == null || watcher != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "feed-server-tokens");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::reload, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        watcher = executor;
    }

    @Override
    public synchronized void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return watcher != null;
    }
}
