package org.reservegrid.spring.bind;

import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.TlsFiles;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/** TLS for a reactive service's HTTP server from PEM files (rg-auth, rg-feed-server). */
public final class HttpTls {
    private HttpTls() {}

    /**
     * A customizer that serves HTTPS (TLS 1.3 and 1.2) with {@code tls}'s certificate and key, or leaves the server
     * plain when {@code tls} is null (TLS off).
     */
    public static WebServerFactoryCustomizer<NettyReactiveWebServerFactory> fromFiles(@Nullable TlsFiles tls) {
        return factory -> {
            if (tls == null) {
                return;
            }
            Ssl ssl = new Ssl();
            ssl.setEnabled(true);
            ssl.setCertificate(tls.certificate().toAbsolutePath().toString());
            ssl.setCertificatePrivateKey(tls.privateKey().toAbsolutePath().toString());
            ssl.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            factory.setSsl(ssl);
        };
    }
}
