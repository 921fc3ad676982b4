package org.reservegrid.auth.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.reservegrid.auth.config.AuthSettings;
import org.springframework.stereotype.Component;

/**
 * Bucket4j token buckets: one per endpoint and client address ({@link Limit}, per minute), and one per account
 * address for failed logins ({@link #FAILED_LOGINS_PER_15_MINUTES}), so that guessing one account's password from
 * many addresses is slowed as much as from one. Both scale with {@code VELDRA_AUTH_RATE_LIMIT_MULTIPLIER}. Buckets
 * live in memory (one rg-auth per database), at most {@link #MAX_KEYS} of each kind, idle ones evicted.
 */
@Component
public class RateLimiter {
    public static final int FAILED_LOGINS_PER_15_MINUTES = 10;
    static final int MAX_KEYS = 200_000;

    private final double multiplier;
    private final Cache<String, Bucket> clients = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2))
            .maximumSize(MAX_KEYS)
            .build();
    private final Cache<String, Bucket> accounts = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(30))
            .maximumSize(MAX_KEYS)
            .build();
    private final MeterRegistry registry;

    public RateLimiter(AuthSettings settings, MeterRegistry registry) {
        this.multiplier = settings.rateLimitMultiplier();
        this.registry = registry;
    }

    /** Empty when the request may go on; otherwise how long until it may. */
    public Optional<Duration> tryRequest(Limit limit, String clientAddress) {
        Bucket bucket = clients.get(limit.name() + "|" + clientAddress, key -> perMinute(scaled(limit.perMinute())));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        registry.counter("rg_auth_rate_limited_total", "limit", limit.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        return Optional.of(atLeastOneSecond(probe.getNanosToWaitForRefill()));
    }

    /** Empty while the account may try another password; otherwise how long until it may. */
    public Optional<Duration> loginBlocked(String emailKey) {
        Bucket bucket = accountBucket(emailKey);
        if (bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        registry.counter("rg_auth_rate_limited_total", "limit", "failed_logins_per_account")
                .increment();
        return Optional.of(atLeastOneSecond(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
    }

    /** A wrong password for this account address (whether or not it has an account). */
    public void loginFailed(String emailKey) {
        accountBucket(emailKey).tryConsume(1);
    }

    private Bucket accountBucket(String emailKey) {
        return accounts.get(emailKey, key -> {
            long capacity = scaled(FAILED_LOGINS_PER_15_MINUTES);
            return Bucket.builder()
                    .addLimit(limit -> limit.capacity(capacity).refillIntervally(capacity, Duration.ofMinutes(15)))
                    .build();
        });
    }

    private long scaled(int base) {
        return Math.max(1, Math.round(base * multiplier));
    }

    private static Bucket perMinute(long capacity) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillIntervally(capacity, Duration.ofMinutes(1)))
                .build();
    }

    private static Duration atLeastOneSecond(long nanos) {
        long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
