package org.reservegrid.verifier.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.verifier.PoolVerifierApplication;
import org.reservegrid.verifier.support.FakeTemplateManager;
import org.reservegrid.verifier.support.Proposals;
import org.reservegrid.verifier.support.Repo;
import org.reservegrid.verifier.support.VerifierClient;
import org.reservegrid.verifier.tcp.TcpServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code VELDRA_TLS_MODE=self-signed}: both servers present the generated certificate, which a client that trusts
 * the published PEM accepts. Also the default auth rules: loopback bypass on, no secret configured.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.config.name=" + PoolVerifierApplication.NAME)
class TlsEndToEndTests {
    private static final Path DIR;
    private static final FakeTemplateManager TEMPLATE_MANAGER;

    static {
        try {
            DIR = Files.createTempDirectory("pool-verifier-tls");
            TEMPLATE_MANAGER = new FakeTemplateManager(100);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) throws IOException {
        Path policy = Repo.copyPolicy(DIR.resolve("config"));
        registry.add("VELDRA_VERIFIER_TCP_PORT", () -> "0");
        registry.add("VELDRA_VERIFIER_HTTP_PORT", () -> "0");
        registry.add("VELDRA_POLICY_FILE", policy::toString);
        registry.add("VELDRA_DATA_DIR", () -> DIR.resolve("data").toString());
        registry.add("VELDRA_TEMPLATE_MANAGER_URL", TEMPLATE_MANAGER::url);
        registry.add("VELDRA_TLS_MODE", () -> "self-signed");
    }

    @AfterAll
    static void stopTemplateManager() {
        TEMPLATE_MANAGER.close();
    }

    @Autowired
    TcpServer tcp;

    @LocalServerPort
    int httpPort;

    private static SSLContext trustingPublishedCertificate() throws IOException, GeneralSecurityException {
        X509Certificate certificate;
        try (InputStream in =
                Files.newInputStream(DIR.resolve("data").resolve(TlsConfiguration.SELF_SIGNED_CERT_FILE))) {
            certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("verifier", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @Test
    void tcpVerdictsTravelOverTls() throws Exception {
        try (VerifierClient client = VerifierClient.connectTls(tcp.port(), trustingPublishedCertificate())) {
            client.send(Proposals.passing(5));
            client.send(Proposals.lowFee(6));
            client.flush();

            TemplateVerdict first = (TemplateVerdict) client.receive();
            TemplateVerdict second = (TemplateVerdict) client.receive();

            assertThat(first.requestId() + second.requestId()).isEqualTo(11);
        }
    }

    @Test
    void httpApiIsServedOverTlsWithTheSameCertificate() throws Exception {
        Http https = new Http("https://127.0.0.1:" + httpPort, trustingPublishedCertificate());

        assertThat(https.get("/health").status()).isEqualTo(200);
        assertThat(https.get("/api/policy").json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void loopbackClientsBypassAuthByDefault() throws Exception {
        Http https = new Http("https://127.0.0.1:" + httpPort, trustingPublishedCertificate());

        HttpResult applied = https.send("PUT", "/api/policy", Files.readString(Repo.policyToml()));

        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void clientsThatDoNotTrustTheCertificateAreRefused() throws Exception {
        SSLContext defaults = SSLContext.getInstance("TLS");
        defaults.init(null, null, null);

        assertThatThrownBy(() -> VerifierClient.connectTls(tcp.port(), defaults).close())
                .isInstanceOf(IOException.class);
    }
}
