package org.reservegrid.loadtest.sv2;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * One SV2 gateway load run.
 *
 * @param authorityXOnly the pool authority's x-only key; every simulated miner verifies the gateway's certificate
 * @param connections simulated miners, one Noise connection and one standard channel each
 * @param maxPendingHandshakes connections allowed between TCP connect and channel open at once during the ramp
 * @param connectRate connections started per second during the ramp; 0 starts them as fast as
 *     {@code maxPendingHandshakes} allows
 * @param shareRate shares per second across all channels (open loop)
 * @param shareMode whether shares are ground to meet the channel target or carry unchecked nonces
 * @param hashrate {@code nominal_hash_rate} each channel announces (h/s)
 * @param rampTimeout how long every connection has to reach an open channel with work
 * @param drainTimeout how long to wait after the last share for outstanding answers; unanswered ones are drops
 * @param eventLoopThreads Netty event-loop threads for all connections
 * @param gatewayPid the gateway's process id, to report its resident memory from /proc
 */
public record Sv2LoadSettings(
        String host,
        int port,
        byte[] authorityXOnly,
        int connections,
        int maxPendingHandshakes,
        double connectRate,
        double shareRate,
        Duration duration,
        Duration warmup,
        ShareMode shareMode,
        float hashrate,
        String identityPrefix,
        Duration rampTimeout,
        Duration drainTimeout,
        int eventLoopThreads,
        OptionalLong gatewayPid) {

    /** How simulated miners pick nonces. */
    public enum ShareMode {
        /** Successive nonces, unchecked: measures validation throughput; Success and Error both count as answers. */
        RANDOM,
        /** Nonces ground until the hash meets the channel target (needs an easy target, i.e. a low hashrate). */
        VALID
    }

    public Sv2LoadSettings {
        if (connections < 1 || connections > 100_000) {
            throw new IllegalArgumentException("--connections must be between 1 and 100000");
        }
        if (maxPendingHandshakes < 1) {
            throw new IllegalArgumentException("--max-pending-handshakes must be at least 1");
        }
        if (!(connectRate >= 0) || Double.isInfinite(connectRate)) {
            throw new IllegalArgumentException("--connect-rate must be a non-negative number (0: no limit)");
        }
        if (!(shareRate >= 0) || shareRate > 1_000_000) {
            throw new IllegalArgumentException("--rate must be between 0 and 1000000 shares per second");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("--duration must not be negative");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (!Float.isFinite(hashrate) || hashrate < 0) {
            throw new IllegalArgumentException("--hashrate must be a finite non-negative number");
        }
        if (eventLoopThreads < 1 || eventLoopThreads > 64) {
            throw new IllegalArgumentException("--event-loop-threads must be between 1 and 64");
        }
    }

    /**
     * The uncounted warm-up run before this one: {@code count} connections that open channels and close again, no
     * shares, no gateway memory readings, identities apart from the measured miners'.
     */
    public Sv2LoadSettings warmup(int count) {
        return new Sv2LoadSettings(
                host,
                port,
                authorityXOnly,
                count,
                maxPendingHandshakes,
                connectRate,
                0,
                Duration.ZERO,
                Duration.ZERO,
                shareMode,
                hashrate,
                identityPrefix + "warmup-",
                rampTimeout,
                drainTimeout,
                eventLoopThreads,
                OptionalLong.empty());
    }
}
