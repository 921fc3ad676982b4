package org.reservegrid.spring.startup;

import java.io.PrintStream;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;

/**
 * The exit path of every service ({@link ServiceApplication#main}): a bad {@code VELDRA_*} value, found while Spring
 * prepares the environment or creates the settings bean, ends the process with one line naming the variable and exit
 * code {@value #EXIT_CODE}, never with a stack trace.
 */
public final class ConfigErrorExit {
    public static final int EXIT_CODE = 2;

    private ConfigErrorExit() {}

    /** Runs {@code start}; on a configuration error prints one line to stderr and exits the JVM. */
    public static void run(String service, Runnable start) {
        int status = run(service, start, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs {@code start} and returns 0, or reports a configuration error (thrown directly or as the cause of a
     * Spring start-up failure) as one line on {@code err} and returns {@value #EXIT_CODE}. Other failures propagate.
     */
    static int run(String service, Runnable start, PrintStream err) {
        try {
            start.run();
            return 0;
        } catch (RuntimeException e) {
            ConfigException config = configException(e);
            if (config == null) {
                throw e;
            }
            err.println(service + ": configuration error: " + config.getMessage());
            return EXIT_CODE;
        }
    }

    private static @Nullable ConfigException configException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException config) {
                return config;
            }
        }
        return null;
    }
}
