package org.reservegrid.verifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.spring.logging.LoggingEnvironmentPostProcessor;
import org.reservegrid.spring.startup.ConfigFailureAnalyzer;
import org.reservegrid.verifier.tls.ServerTls;
import org.reservegrid.verifier.tls.TlsConfiguration;
import org.reservegrid.verifier.tls.TlsMaterial;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Start-up configuration: defaults, the bind guard, TLS modes and failure messages. */
class VerifierConfigurationTests {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(SettingsConfiguration.class, TlsConfiguration.class);

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheDocumentedValues() {
        runner.run(context -> {
            VerifierSettings settings = context.getBean(VerifierSettings.class);
            assertThat(settings.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(settings.tcpPort()).isEqualTo(9090);
            assertThat(settings.httpPort()).isEqualTo(8081);
            assertThat(settings.maxFrameBytes()).isEqualTo(8 * 1024 * 1024);
            assertThat(settings.policyFile()).isEqualTo(Path.of("config/policy.toml"));
            assertThat(settings.templateManagerUrl()).hasToString("http://127.0.0.1:8082");
            assertThat(settings.mempoolPollInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.mempoolStaleAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(settings.apiSecret()).isEmpty();
            assertThat(settings.localhostBypass()).isTrue();
            assertThat(settings.tlsMode()).isEqualTo(VerifierSettings.TlsMode.OFF);
            assertThat(settings.dataDir()).isEqualTo(Path.of("data/pool-verifier"));
            assertThat(settings.whatIfTemplates()).isEqualTo(500);
            assertThat(context.getBean(ServerTls.class).enabled()).isFalse();
        });
    }

    @Test
    void whatIfTemplatesMustBeBetweenOneAndTenThousand() {
        for (String bad : new String[] {"0", "10001", "-3", "many"}) {
            runner.withPropertyValues("VELDRA_VERIFIER_WHATIF_TEMPLATES=" + bad)
                    .run(context -> assertThat(context.getStartupFailure())
                            .as(bad)
                            .rootCause()
                            .isInstanceOf(ConfigException.class)
                            .hasMessageContaining("VELDRA_VERIFIER_WHATIF_TEMPLATES"));
        }
        runner.withPropertyValues("VELDRA_VERIFIER_WHATIF_TEMPLATES=10000")
                .run(context -> assertThat(
                                context.getBean(VerifierSettings.class).whatIfTemplates())
                        .isEqualTo(10_000));
    }

    @Test
    void nonLoopbackBindFailsStartUpWithoutTheOptIn() {
        runner.withPropertyValues("VELDRA_VERIFIER_BIND=0.0.0.0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("VELDRA_VERIFIER_BIND")
                    .hasMessageContaining("VELDRA_ALLOW_NON_LOOPBACK=1");
        });
    }

    @Test
    void nonLoopbackBindIsAllowedWithTheOptIn() {
        runner.withPropertyValues("VELDRA_VERIFIER_BIND=0.0.0.0", "VELDRA_ALLOW_NON_LOOPBACK=1")
                .run(context -> assertThat(context.getBean(VerifierSettings.class)
                                .bindAddress()
                                .isAnyLocalAddress())
                        .isTrue());
    }

    @Test
    void malformedValuesNameTheirVariable() {
        runner.withPropertyValues("VELDRA_VERIFIER_TCP_PORT=70000")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("VELDRA_VERIFIER_TCP_PORT"));
        runner.withPropertyValues("VELDRA_TLS_MODE=maybe")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("VELDRA_TLS_MODE"));
        runner.withPropertyValues("VELDRA_TEMPLATE_MANAGER_URL=ftp://x")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("VELDRA_TEMPLATE_MANAGER_URL"));
        runner.withPropertyValues("VELDRA_API_LOCALHOST_BYPASS=perhaps")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("VELDRA_API_LOCALHOST_BYPASS"));
    }

    @Test
    void fileModeNeedsBothPemFiles() {
        runner.withPropertyValues("VELDRA_TLS_MODE=file")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("VELDRA_TLS_CERT"));
    }

    @Test
    void fileModeLoadsThePemPair() throws IOException {
        TlsMaterial material = TlsMaterial.selfSigned();
        Path cert = Files.writeString(dir.resolve("cert.pem"), material.leafCertificatePem());
        Path pkcs8 = Files.writeString(
                dir.resolve("key.pem"),
                pem(new JcaPKCS8Generator(material.key(), null).generate()),
                StandardCharsets.US_ASCII);

        runner.withPropertyValues("VELDRA_TLS_MODE=file", "VELDRA_TLS_CERT=" + cert, "VELDRA_TLS_KEY=" + pkcs8)
                .run(context -> {
                    ServerTls tls = context.getBean(ServerTls.class);
                    assertThat(tls.enabled()).isTrue();
                    assertThat(tls.chain()).containsExactly(material.chain().getFirst());
                });
    }

    @Test
    void unreadableKeyIsReportedWithoutItsContent() throws IOException {
        TlsMaterial material = TlsMaterial.selfSigned();
        Path cert = Files.writeString(dir.resolve("cert.pem"), material.leafCertificatePem());
        Path key = Files.writeString(
                dir.resolve("key.pem"), "-----BEGIN NONSENSE-----\nc2VjcmV0\n-----END NONSENSE-----\n");

        runner.withPropertyValues("VELDRA_TLS_MODE=file", "VELDRA_TLS_CERT=" + cert, "VELDRA_TLS_KEY=" + key)
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("VELDRA_TLS_KEY")
                        .hasMessageNotContaining("c2VjcmV0"));
    }

    @Test
    void selfSignedModePublishesTheCertificateForClients() {
        runner.withPropertyValues("VELDRA_TLS_MODE=self-signed", "VELDRA_DATA_DIR=" + dir)
                .run(context -> {
                    ServerTls tls = context.getBean(ServerTls.class);
                    assertThat(tls.enabled()).isTrue();
                    assertThat(tls.chain().getFirst().getSubjectX500Principal().getName())
                            .isEqualTo("CN=localhost");
                    assertThat(tls.chain().getFirst().getSubjectAlternativeNames().stream()
                                    .map(entry -> String.valueOf(entry.get(1)))
                                    .toList())
                            .contains("localhost", "127.0.0.1");
                    assertThat(Files.readString(dir.resolve(TlsConfiguration.SELF_SIGNED_CERT_FILE)))
                            .startsWith("-----BEGIN CERTIFICATE-----");
                });
    }

    @Test
    void secretsNeverAppearInTheSettings() {
        runner.withPropertyValues("VELDRA_API_SECRET=do-not-print-me").run(context -> {
            VerifierSettings settings = context.getBean(VerifierSettings.class);
            assertThat(settings.apiSecret()).isPresent();
            assertThat(settings.toString()).doesNotContain("do-not-print-me");
        });
    }

    @Test
    void failureAnalysisExplainsTheSetting() {
        FailureAnalysis analysis = new ConfigFailureAnalyzer(null)
                .analyze(new IllegalStateException(new ConfigException("VELDRA_VERIFIER_BIND", "is bad")));

        assertThat(analysis.getDescription()).contains("VELDRA_VERIFIER_BIND is bad");
        assertThat(analysis.getAction()).contains("VELDRA_VERIFIER_BIND");
    }

    @Test
    void logFilterAcceptsARootLevelAndPackageLevels() {
        assertThat(LoggingEnvironmentPostProcessor.levels("warn"))
                .containsExactlyEntriesOf(java.util.Map.of("logging.level.root", "warn"));
        assertThat(LoggingEnvironmentPostProcessor.levels("info, org.reservegrid=DEBUG,io.netty=warn"))
                .containsEntry("logging.level.root", "info")
                .containsEntry("logging.level.org.reservegrid", "debug")
                .containsEntry("logging.level.io.netty", "warn");
        assertThatThrownBy(() -> LoggingEnvironmentPostProcessor.levels("loud"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VELDRA_LOG_FILTER");
        assertThatThrownBy(() -> LoggingEnvironmentPostProcessor.levels("bad name=info"))
                .isInstanceOf(ConfigException.class);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
