package org.reservegrid.gateway.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.sv2.noise.NoiseKeyFiles;
import org.reservegrid.sv2.noise.SignatureNoiseMessage;

/** The responder identity from NoiseKeyTool's files, or development keys in the data directory. */
class NoiseIdentityTests {
    @TempDir
    Path dir;

    @Test
    void developmentKeysAreGeneratedOnceThenReused() {
        Instant now = Instant.now();
        NoiseIdentity first = NoiseIdentity.load(null, null, null, dir, now);
        assertThat(first.source()).isEqualTo("generated");
        assertThat(Files.exists(dir.resolve("noise/authority.key"))).isTrue();
        NoiseIdentity second = NoiseIdentity.load(null, null, null, dir, now.plusSeconds(60));
        assertThat(second.source()).isEqualTo("data_dir");
        assertThat(second.authorityPublicKey()).isEqualTo(first.authorityPublicKey());
        assertThat(second.serverPublicKey()).isEqualTo(first.serverPublicKey());
    }

    @Test
    void anExpiringDevelopmentCertificateIsResigned() {
        Instant now = Instant.now();
        NoiseIdentity first = NoiseIdentity.load(null, null, null, dir, now);
        Instant later = Instant.ofEpochSecond(first.notValidAfter()).minus(Duration.ofMinutes(10));
        NoiseIdentity renewed = NoiseIdentity.load(null, null, null, dir, later);
        assertThat(renewed.notValidAfter()).isGreaterThan(first.notValidAfter());
        assertThat(renewed.authorityPublicKey()).isEqualTo(first.authorityPublicKey());
    }

    @Test
    void configuredFilesAreCheckedAgainstTheExpectedAuthority() throws Exception {
        SecureRandom random = new SecureRandom();
        NoiseKeyFiles.KeyPair authority = NoiseKeyFiles.KeyPair.generate(random);
        NoiseKeyFiles.KeyPair server = NoiseKeyFiles.KeyPair.generate(random);
        long now = Instant.now().getEpochSecond();
        Path key = dir.resolve("server.key");
        Path cert = dir.resolve("server.cert");
        NoiseKeyFiles.writeServerKey(key, server, false);
        NoiseKeyFiles.writeCertificate(
                cert,
                SignatureNoiseMessage.issue(authority.secretKey(), server.xOnlyPublicKey(), now, now + 3600, random),
                server.xOnlyPublicKey(),
                authority.xOnlyPublicKey(),
                false);

        NoiseIdentity identity = NoiseIdentity.load(key, cert, authority.publicKeyText(), dir, Instant.now());
        assertThat(identity.source()).isEqualTo("files");
        assertThat(identity.authorityPublicKey()).isEqualTo(authority.publicKeyText());

        String other = NoiseKeyFiles.KeyPair.generate(random).publicKeyText();
        assertThatThrownBy(() -> NoiseIdentity.load(key, cert, other, dir, Instant.now()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VELDRA_NOISE_AUTHORITY_PUBKEY");
        assertThatThrownBy(() ->
                        NoiseIdentity.load(key, cert, null, dir, Instant.now().plusSeconds(7200)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not verify");
    }
}
