package org.reservegrid.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;

/**
 * Every ReserveGrid server binds to loopback unless the operator opts in with {@code VELDRA_ALLOW_NON_LOOPBACK=1}:
 * exposing a verifier or gateway port by accident is the mistake this guard exists to stop.
 */
public final class BindGuard {
    public static final String ALLOW_NON_LOOPBACK = "VELDRA_ALLOW_NON_LOOPBACK";
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private final boolean allowNonLoopback;

    public BindGuard(boolean allowNonLoopback) {
        this.allowNonLoopback = allowNonLoopback;
    }

    public static BindGuard fromEnv(EnvConfig env) {
        return new BindGuard(env.flag(ALLOW_NON_LOOPBACK, false));
    }

    /**
     * Resolves the address a server will bind, refusing a non-loopback one without the opt-in.
     *
     * @param setting the name of the variable the address came from, for the error message
     */
    public InetAddress check(String setting, String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException(setting, "is not a resolvable bind address: '" + host + "'");
        }
        if (!address.isLoopbackAddress() && !allowNonLoopback) {
            throw new ConfigException(
                    setting,
                    "would bind the non-loopback address " + address.getHostAddress() + "; set " + ALLOW_NON_LOOPBACK
                            + "=1 to expose this service beyond this machine");
        }
        return address;
    }
}
