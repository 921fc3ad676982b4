package org.reservegrid.gateway.mode;

import java.time.Duration;
import java.util.Objects;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;

/**
 * Mode settings.
 *
 * @param mode shadow, observe or inline
 * @param staleHold how long inline holds rejected templates on the current tip before releasing the newest one
 * @param prevhashWindow how long inline waits for a verdict after a new chain tip before distributing anyway
 * @param prevhashSlots how many templates of a new tip are kept while waiting (the dual prevhash buffer)
 */
public record ModeSettings(GatewayMode mode, Duration staleHold, Duration prevhashWindow, int prevhashSlots) {
    public static final String STALE_HOLD_ENV = "VELDRA_GATEWAY_STALE_HOLD_SECS";
    public static final String PREVHASH_WINDOW_ENV = "VELDRA_GATEWAY_PREVHASH_WINDOW_MS";
    public static final String PREVHASH_SLOTS_ENV = "VELDRA_GATEWAY_PREVHASH_SLOTS";

    public static final GatewayMode DEFAULT_MODE = GatewayMode.OBSERVE;
    public static final Duration DEFAULT_STALE_HOLD = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PREVHASH_WINDOW = Duration.ofMillis(50);
    public static final int DEFAULT_PREVHASH_SLOTS = 2;

    public ModeSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(staleHold, "staleHold");
        Objects.requireNonNull(prevhashWindow, "prevhashWindow");
        if (staleHold.isNegative() || staleHold.isZero()) {
            throw new ConfigException(STALE_HOLD_ENV, "must be positive, got " + staleHold.toMillis() + " ms");
        }
        if (prevhashWindow.isNegative() || prevhashWindow.isZero()) {
            throw new ConfigException(PREVHASH_WINDOW_ENV, "must be positive, got " + prevhashWindow.toMillis());
        }
        if (prevhashSlots < 1) {
            throw new ConfigException(PREVHASH_SLOTS_ENV, "must be at least 1, got " + prevhashSlots);
        }
    }

    /** The defaults (30 s stale hold, 50 ms prevhash window, two slots) for {@code mode}. */
    public static ModeSettings defaults(GatewayMode mode) {
        return new ModeSettings(mode, DEFAULT_STALE_HOLD, DEFAULT_PREVHASH_WINDOW, DEFAULT_PREVHASH_SLOTS);
    }

    /** Reads {@code VELDRA_MODE} (default observe) and the three {@code VELDRA_GATEWAY_*} settings. */
    public static ModeSettings fromEnv(EnvConfig env) {
        GatewayMode mode = env.string(GatewayMode.ENV).map(GatewayMode::parse).orElse(DEFAULT_MODE);
        return new ModeSettings(
                mode,
                env.seconds(STALE_HOLD_ENV, DEFAULT_STALE_HOLD),
                Duration.ofMillis(env.longValue(PREVHASH_WINDOW_ENV, DEFAULT_PREVHASH_WINDOW.toMillis())),
                env.integer(PREVHASH_SLOTS_ENV, DEFAULT_PREVHASH_SLOTS));
    }
}
