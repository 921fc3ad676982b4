package org.reservegrid.verifier.tls;

import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The TLS set-up both servers share: one Netty {@link SslContext} serves the TCP verifier port and the HTTP API,
 * so they always present the same certificate.
 *
 * @param sslContext null when {@code VELDRA_TLS_MODE=off}
 * @param chain the certificate chain presented, leaf first; empty when TLS is off
 */
public record ServerTls(@Nullable SslContext sslContext, List<X509Certificate> chain) {
    public ServerTls {
        chain = List.copyOf(chain);
    }

    public static ServerTls off() {
        return new ServerTls(null, List.of());
    }

    public boolean enabled() {
        return sslContext != null;
    }
}
