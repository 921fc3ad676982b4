package org.reservegrid.loadtest.verifier;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One verifier load run.
 *
 * @param ratePerSecond proposals per second across all connections (open loop: sends follow the clock, not the
 *     answers, so a slow verifier shows up as latency instead of a lower send rate)
 * @param drainTimeout how long to wait after the last send for outstanding verdicts; unanswered ones are drops
 * @param tlsCaFile PEM certificate to trust when {@code tls} is set; null trusts any certificate (dev only)
 */
public record VerifierLoadSettings(
        String host,
        int port,
        int connections,
        double ratePerSecond,
        Duration duration,
        Duration warmup,
        int txCount,
        Duration drainTimeout,
        boolean tls,
        @Nullable Path tlsCaFile,
        long seed) {

    public VerifierLoadSettings {
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections must be between 1 and 10000");
        }
        if (!(ratePerSecond > 0) || ratePerSecond > 1_000_000) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 1000000 per second");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (txCount < 0 || txCount > 100_000) {
            throw new IllegalArgumentException("--tx-count must be between 0 and 100000");
        }
    }
}
