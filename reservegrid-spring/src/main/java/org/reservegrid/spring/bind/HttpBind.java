package org.reservegrid.spring.bind;

import java.net.InetAddress;

/**
 * The address and port a service's HTTP server binds, as its settings read them.
 *
 * @param addressSetting the variable the address came from (e.g. {@code VELDRA_VERIFIER_BIND}), named when the
 *     bind guard refuses it
 * @param address the address to bind; loopback unless {@code VELDRA_ALLOW_NON_LOOPBACK=1}
 * @param port the port; 0 picks a free one
 */
public record HttpBind(String addressSetting, InetAddress address, int port) {
    public HttpBind {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }
}
