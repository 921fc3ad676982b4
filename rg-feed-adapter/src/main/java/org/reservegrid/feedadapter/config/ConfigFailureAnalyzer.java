package org.reservegrid.feedadapter.config;

import org.reservegrid.common.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad {@code VELDRA_*} value into a two-line start-up message instead of a stack trace. */
public final class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        return new FailureAnalysis(
                "Invalid configuration: " + cause.getMessage(),
                "Fix " + cause.setting() + " in the environment and start rg-feed-adapter again.",
                cause);
    }
}
