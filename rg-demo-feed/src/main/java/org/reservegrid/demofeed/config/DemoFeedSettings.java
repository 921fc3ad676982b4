package org.reservegrid.demofeed.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.net.BindGuard;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulationSettings;

/**
 * Everything the demo feed reads from {@code VELDRA_*} variables, validated once at start-up. A bad value fails
 * start-up with a message naming the variable (see {@link org.reservegrid.spring.startup.ConfigFailureAnalyzer}).
 *
 * @param bindAddress the address the server binds, already checked by {@link BindGuard}
 * @param port WebSocket, health and metrics port (0 picks a free one)
 * @param simulation what the feed plays
 * @param maxConnectionsPerIp concurrent WebSocket clients allowed from one address
 * @param maxConnections concurrent WebSocket clients allowed in total
 * @param token bearer token clients must present; the endpoint is open without one
 */
public record DemoFeedSettings(
        InetAddress bindAddress,
        int port,
        SimulationSettings simulation,
        int maxConnectionsPerIp,
        int maxConnections,
        Optional<Secret> token) {

    public static final String BIND = "VELDRA_DEMO_FEED_BIND";
    public static final String PORT = "VELDRA_DEMO_FEED_PORT";
    public static final String SCENARIO = "VELDRA_DEMO_FEED_SCENARIO";
    public static final String SEED = "VELDRA_DEMO_FEED_SEED";
    public static final String TEMPLATE_INTERVAL_SECS = "VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS";
    public static final String BLOCK_INTERVAL_SECS = "VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS";
    public static final String BLOCK_TIMING = "VELDRA_DEMO_FEED_BLOCK_TIMING";
    public static final String START_TIME = "VELDRA_DEMO_FEED_START_TIME";
    public static final String START_HEIGHT = "VELDRA_DEMO_FEED_START_HEIGHT";
    public static final String MAX_CONNECTIONS_PER_IP = "VELDRA_DEMO_FEED_MAX_CONNECTIONS_PER_IP";
    public static final String MAX_CONNECTIONS = "VELDRA_DEMO_FEED_MAX_CONNECTIONS";
    public static final String TOKEN = "VELDRA_DEMO_FEED_TOKEN";

    /** Unix time of the genesis block; a start time before it is a typo. */
    private static final long GENESIS_TIME = 1_231_006_505L;

    /**
     * @param now Unix time used when {@code VELDRA_DEMO_FEED_START_TIME} is unset
     * @param randomSeed seed used when {@code VELDRA_DEMO_FEED_SEED} is unset
     */
    public static DemoFeedSettings from(EnvConfig env, long now, long randomSeed) {
        InetAddress bind = BindGuard.fromEnv(env).check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        Scenario scenario = scenario(env.string(SCENARIO, Scenario.NORMAL.id()));
        Duration templateInterval =
                atLeastTenMillis(TEMPLATE_INTERVAL_SECS, env.seconds(TEMPLATE_INTERVAL_SECS, Duration.ofSeconds(10)));
        Duration blockInterval =
                atLeastTenMillis(BLOCK_INTERVAL_SECS, env.seconds(BLOCK_INTERVAL_SECS, Duration.ofMinutes(10)));
        long startTime = env.longValue(START_TIME, now);
        if (startTime < GENESIS_TIME) {
            throw new ConfigException(START_TIME, "must be a Unix time after the genesis block, got " + startTime);
        }
        int startHeight = env.integer(START_HEIGHT, 900_000);
        if (startHeight < 12) {
            throw new ConfigException(START_HEIGHT, "must be at least 12, got " + startHeight);
        }
        int perIp = atLeastOne(MAX_CONNECTIONS_PER_IP, env.integer(MAX_CONNECTIONS_PER_IP, 8));
        int total = atLeastOne(MAX_CONNECTIONS, env.integer(MAX_CONNECTIONS, 256));
        SimulationSettings simulation = new SimulationSettings(
                scenario,
                env.longValue(SEED, randomSeed),
                templateInterval,
                blockInterval,
                blockTiming(env.string(BLOCK_TIMING, "exponential")),
                startTime,
                startHeight);
        return new DemoFeedSettings(bind, env.port(PORT, 8090), simulation, perIp, total, env.secret(TOKEN));
    }

    private static Scenario scenario(String value) {
        try {
            return Scenario.fromId(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCENARIO, "must be one of " + Scenario.ids() + ", got '" + value + "'");
        }
    }

    private static SimulationSettings.BlockTiming blockTiming(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "exponential" -> SimulationSettings.BlockTiming.EXPONENTIAL;
            case "fixed" -> SimulationSettings.BlockTiming.FIXED;
            default -> throw new ConfigException(BLOCK_TIMING, "must be exponential or fixed, got '" + value + "'");
        };
    }

    private static Duration atLeastTenMillis(String name, Duration value) {
        if (value.toMillis() < 10) {
            throw new ConfigException(name, "must be at least 0.01 seconds, got " + value.toMillis() + " ms");
        }
        return value;
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new ConfigException(name, "must be at least 1, got " + value);
        }
        return value;
    }
}
