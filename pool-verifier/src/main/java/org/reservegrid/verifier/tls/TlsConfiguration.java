package org.reservegrid.verifier.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.verifier.config.VerifierSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the shared {@link ServerTls} from {@code VELDRA_TLS_MODE}: {@code off}, {@code file} (PEM files named by
 * {@code VELDRA_TLS_CERT} and {@code VELDRA_TLS_KEY}) or {@code self-signed} (a fresh certificate per start,
 * whose PEM is written to {@code <data dir>/tls/self-signed-cert.pem} so clients can pin it; the key never leaves
 * memory).
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {
    /** Where the self-signed certificate is published, relative to the data directory. */
    public static final String SELF_SIGNED_CERT_FILE = "tls/self-signed-cert.pem";

    private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);

    @Bean
    ServerTls serverTls(VerifierSettings settings) {
        TlsMaterial material = switch (settings.tlsMode()) {
            case OFF -> null;
            case FILE ->
                TlsMaterial.fromPem(
                        Objects.requireNonNull(settings.tlsCert()),
                        VerifierSettings.TLS_CERT,
                        Objects.requireNonNull(settings.tlsKey()),
                        VerifierSettings.TLS_KEY);
            case SELF_SIGNED -> publish(TlsMaterial.selfSigned(), settings.dataDir());
        };
        if (material == null) {
            log.info("TLS is off for the TCP and HTTP servers");
            return ServerTls.off();
        }
        X509Certificate leaf = material.chain().getFirst();
        log.info(
                "TLS ({}) for the TCP and HTTP servers: subject {}, valid until {}",
                settings.tlsMode().name().toLowerCase(java.util.Locale.ROOT),
                leaf.getSubjectX500Principal().getName(),
                leaf.getNotAfter().toInstant());
        return new ServerTls(sslContext(material), material.chain());
    }

    @Bean
    NettyServerCustomizer httpTlsCustomizer(ServerTls serverTls) {
        return server -> {
            SslContext context = serverTls.sslContext();
            return context == null ? server : server.secure(spec -> spec.sslContext(context));
        };
    }

    private static SslContext sslContext(TlsMaterial material) {
        try {
            return SslContextBuilder.forServer(material.key(), material.chain().toArray(X509Certificate[]::new))
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException(VerifierSettings.TLS_KEY, "does not form a usable TLS key and certificate pair");
        }
    }

    private static TlsMaterial publish(TlsMaterial material, Path dataDir) {
        Path file = dataDir.resolve(SELF_SIGNED_CERT_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, material.leafCertificatePem(), StandardCharsets.US_ASCII);
            log.info("self-signed certificate written to {}", file.toAbsolutePath());
        } catch (IOException e) {
            log.warn("could not write the self-signed certificate to {}: {}", file.toAbsolutePath(), e.toString());
        }
        return material;
    }
}
