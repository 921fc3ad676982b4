package org.reservegrid.spring.startup;

import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns a bad {@code VELDRA_*} value (a {@link ConfigException}, including a {@link
 * org.reservegrid.common.net.BindGuard} refusal) into Boot's two-line start-up report instead of a stack trace.
 */
public final class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
    private final String service;

    /**
     * Boot passes the application's environment, or null when start-up failed before there was a context (a bad
     * {@code VELDRA_LOG_*} value fails while the environment is prepared).
     */
    public ConfigFailureAnalyzer(@Nullable Environment environment) {
        this.service = ServiceName.of(environment);
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        return new FailureAnalysis(
                "Invalid configuration: " + cause.getMessage(),
                "Fix " + cause.setting() + " in the environment and start " + service + " again.",
                cause);
    }
}
