package org.reservegrid.feedadapter.config;

import java.io.Serial;

/** A setting that makes start-up impossible; the failure analyzer prints it without a stack trace. */
public final class StartupConfigurationException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * @param problem what is wrong, naming the setting and its value
     * @param action what the operator should change
     */
    public StartupConfigurationException(String problem, String action) {
        super(problem);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
