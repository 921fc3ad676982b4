package org.reservegrid.gateway.mode;

import java.util.Locale;
import org.reservegrid.common.config.ConfigException;

/** The deployment mode, read from {@code VELDRA_MODE}. */
public enum GatewayMode {
    /**
     * Evaluation beside mining. The shadow stack does not run the gateway; if one runs anyway it passes every
     * template through exactly like {@link #OBSERVE}, so a shadow deployment can never withhold work from miners.
     */
    SHADOW,
    /** Every template is distributed; what inline would have held is counted. */
    OBSERVE,
    /** Only accepted templates are distributed, within the hold and prevhash-window rules. */
    INLINE;

    public static final String ENV = "VELDRA_MODE";

    /** Parses {@code shadow}, {@code observe} or {@code inline} (any case); anything else is a config error. */
    public static GatewayMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "shadow" -> SHADOW;
            case "observe" -> OBSERVE;
            case "inline" -> INLINE;
            default -> throw new ConfigException(ENV, "must be shadow, observe or inline, got '" + value + "'");
        };
    }

    /** Whether verdicts decide what miners receive. */
    public boolean enforces() {
        return this == INLINE;
    }

    /** The lower-case name used in {@code VELDRA_MODE}, metrics and the HTTP API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
