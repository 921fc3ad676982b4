package org.reservegrid.feedadapter.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link StartupConfigurationException} anywhere in the cause chain into a plain start-up report. */
final class StartupConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<StartupConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupConfigurationException cause) {
        return new FailureAnalysis("rg-feed-adapter cannot start: " + cause.getMessage(), cause.action(), cause);
    }
}
