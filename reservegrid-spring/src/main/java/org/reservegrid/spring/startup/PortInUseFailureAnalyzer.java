package org.reservegrid.spring.startup;

import java.net.BindException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.env.Environment;

/**
 * Turns a listener that cannot bind its port (the verifier's TCP server, the gateway's SV2 server) into a start-up
 * report instead of a stack trace. The HTTP port is left to Boot's own analyzer, which names the port.
 */
public final class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {
    private final String service;

    /** Boot passes the application's environment, or null when start-up failed before there was a context. */
    public PortInUseFailureAnalyzer(@Nullable Environment environment) {
        this.service = ServiceName.of(environment);
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (findCause(rootFailure, PortInUseException.class) != null) {
            return null;
        }
        return new FailureAnalysis(
                "A port is not available: " + detail(rootFailure, cause),
                "Stop the process that holds the port or configure another one, then start " + service + " again.",
                cause);
    }

    /**
     * The listener's own words when it wrapped the bind failure with its address; otherwise the bean that failed to
     * be created or started, and the system's reason.
     */
    private static String detail(Throwable rootFailure, BindException cause) {
        Throwable wrapper = null;
        BeanCreationException creation = null;
        ApplicationContextException start = null;
        for (Throwable t = rootFailure; t != null && t != cause; t = t.getCause()) {
            wrapper = t;
            if (t instanceof BeanCreationException failed) {
                creation = failed;
            } else if (t instanceof ApplicationContextException failed) {
                start = failed;
            }
        }
        if (wrapper != null
                && wrapper.getMessage() != null
                && !wrapper.getClass().getName().startsWith("org.springframework.")) {
            return wrapper.getMessage();
        }
        String reason = cause.getMessage() == null ? "address already in use" : cause.getMessage();
        if (creation != null && creation.getBeanName() != null) {
            return "bean '" + creation.getBeanName() + "': " + reason;
        }
        if (start != null && start.getMessage() != null) {
            return start.getMessage() + ": " + reason;
        }
        return reason;
    }
}
