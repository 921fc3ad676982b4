package org.reservegrid.feedadapter.config;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code VELDRA_LOG_FORMAT}: {@code text} (default) keeps Spring Boot's console pattern, {@code json} switches the
 * console to Elastic Common Schema JSON lines.
 *
 * <p>TEMPORARY: a private copy until reservegrid-common ships the shared configuration helpers.
 */
public enum LogFormat {
    TEXT,
    JSON;

    /** Parses the variable; unset or blank means text. */
    public static LogFormat parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return TEXT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default ->
                throw new IllegalArgumentException("VELDRA_LOG_FORMAT must be 'json' or 'text', got '" + value + "'");
        };
    }

    /** Default properties that select this format in Spring Boot's logging system. */
    public Map<String, Object> springProperties() {
        return this == JSON ? Map.of("logging.structured.format.console", "ecs") : Map.of();
    }
}
