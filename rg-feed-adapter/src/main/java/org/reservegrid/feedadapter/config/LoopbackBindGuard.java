package org.reservegrid.feedadapter.config;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Refuses to start the HTTP/WebSocket server on anything but a loopback address unless
 * {@code VELDRA_ALLOW_NON_LOOPBACK=1}.
 *
 * <p>TEMPORARY: a private copy until reservegrid-common ships the shared bind guard; replace this class with it.
 * rg-demo-feed carries the same copy.
 */
public final class LoopbackBindGuard
        implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory>, Ordered {
    private final boolean allowNonLoopback;
    private final String bindVariable;

    /**
     * @param allowNonLoopback the value of {@code VELDRA_ALLOW_NON_LOOPBACK}; only "1" and "true" allow
     * @param bindVariable the environment variable that sets the bind address, named in the error
     */
    public LoopbackBindGuard(@Nullable String allowNonLoopback, String bindVariable) {
        this.allowNonLoopback = "1".equals(allowNonLoopback) || "true".equalsIgnoreCase(allowNonLoopback);
        this.bindVariable = bindVariable;
    }

    @Override
    public void customize(AbstractConfigurableWebServerFactory factory) {
        check(factory.getAddress());
    }

    /** Runs after Spring Boot's own customizer has applied {@code server.address}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Throws unless the address is loopback or the override is set; null means every interface. */
    public void check(@Nullable InetAddress address) {
        if (allowNonLoopback || (address != null && address.isLoopbackAddress())) {
            return;
        }
        String shown = address == null ? "all interfaces" : address.getHostAddress();
        throw new StartupConfigurationException(
                "refusing to bind to " + shown + ": only loopback addresses are allowed by default",
                "Set " + bindVariable + "=127.0.0.1, or set VELDRA_ALLOW_NON_LOOPBACK=1 to expose the service "
                        + "beyond this host on purpose (put authentication and a firewall in front of it).");
    }
}
