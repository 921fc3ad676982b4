package org.reservegrid.sv2.noise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseInitiator;
import org.reservegrid.sv2.noise.NoiseKeyFiles;
import org.reservegrid.sv2.noise.NoiseResponder;
import org.reservegrid.sv2.noise.ResponderCredentials;

class NoiseKeyToolTests {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Instant now, String... args) {
        out.reset();
        err.reset();
        return new NoiseKeyTool(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        InstantSource.fixed(now),
                        new SecureRandom())
                .run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String printedAuthorityKey() {
        return stdout().lines()
                .filter(line -> line.startsWith("authority_public_key="))
                .findFirst()
                .orElseThrow()
                .substring("authority_public_key=".length());
    }

    @Test
    void generatedFilesGiveAResponderThatMinersWithThePrintedKeyAccept() throws IOException, NoiseException {
        assertThat(run(NOW, "generate", "--out-dir", directory.toString(), "--validity-days", "30"))
                .isZero();
        byte[] authority = Sv2KeyText.decodeAuthorityPublicKey(printedAuthorityKey());

        ResponderCredentials credentials = NoiseKeyFiles.readResponderCredentials(
                directory.resolve("server.key"), directory.resolve("server.cert"));
        credentials.verify(authority, NOW.plus(Duration.ofDays(29)));

        NoiseInitiator miner = NoiseInitiator.verifying(authority, InstantSource.fixed(NOW), new SecureRandom());
        NoiseResponder gateway = new NoiseResponder(credentials, new SecureRandom());
        assertThat(miner.readAct2(gateway.processAct1(miner.writeAct1()).act2()).remoteStaticXOnly())
                .isEqualTo(credentials.staticKey().xOnlyPublicKey());
    }

    @Test
    void secretFilesAreOwnerOnlyAndSecretsAreNeverPrinted() throws IOException {
        assertThat(run(NOW, "generate", "--out-dir", directory.toString())).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("authority.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("server.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("server.cert"))))
                .isEqualTo("rw-r--r--");

        String authoritySecret =
                Sv2KeyText.encodeSecretKey(NoiseKeyFiles.readAuthorityKey(directory.resolve("authority.key"))
                        .secretKey());
        String serverSecret = Sv2KeyText.encodeSecretKey(
                NoiseKeyFiles.readServerKey(directory.resolve("server.key")).secretKey());
        assertThat(stdout()).doesNotContain(authoritySecret).doesNotContain(serverSecret);
        assertThat(run(
                        NOW,
                        "public-key",
                        "--authority-key",
                        directory.resolve("authority.key").toString()))
                .isZero();
        assertThat(stdout()).doesNotContain(authoritySecret);
    }

    @Test
    void generateRefusesToOverwriteWithoutForce() {
        assertThat(run(NOW, "generate", "--out-dir", directory.toString())).isZero();
        String first = printedAuthorityKey();
        assertThat(run(NOW, "generate", "--out-dir", directory.toString())).isEqualTo(1);
        assertThat(stderr()).contains("refusing to overwrite");
        assertThat(run(
                        NOW,
                        "public-key",
                        "--authority-key",
                        directory.resolve("authority.key").toString()))
                .isZero();
        assertThat(stdout().strip()).isEqualTo(first);
        assertThat(run(NOW, "generate", "--out-dir", directory.toString(), "--force"))
                .isZero();
        assertThat(printedAuthorityKey()).isNotEqualTo(first);
    }

    @Test
    void verifyAcceptsTheRightAuthorityAndRejectsAnExpiredOrForeignCertificate() {
        assertThat(run(NOW, "generate", "--out-dir", directory.toString(), "--validity-days", "1"))
                .isZero();
        String authority = printedAuthorityKey();
        String serverKey = directory.resolve("server.key").toString();
        String cert = directory.resolve("server.cert").toString();

        assertThat(run(NOW, "verify", "--server-key", serverKey, "--cert", cert, "--authority-public-key", authority))
                .isZero();
        assertThat(run(
                        NOW.plus(Duration.ofDays(2)),
                        "verify",
                        "--server-key",
                        serverKey,
                        "--cert",
                        cert,
                        "--authority-public-key",
                        authority))
                .isEqualTo(1);
        assertThat(stderr()).contains("expired");

        String otherAuthority = Sv2KeyText.encodeAuthorityPublicKey(
                NoiseKeyFiles.KeyPair.generate(new SecureRandom()).xOnlyPublicKey());
        assertThat(run(
                        NOW,
                        "verify",
                        "--server-key",
                        serverKey,
                        "--cert",
                        cert,
                        "--authority-public-key",
                        otherAuthority))
                .isEqualTo(1);
        assertThat(stderr()).contains("signature");
    }

    @Test
    void renewSignsANewCertificateForTheSameServerKey() throws IOException {
        assertThat(run(NOW, "generate", "--out-dir", directory.toString(), "--validity-days", "1"))
                .isZero();
        String authority = printedAuthorityKey();
        byte[] serverKeyBefore = Files.readAllBytes(directory.resolve("server.key"));
        Instant later = NOW.plus(Duration.ofDays(5));

        assertThat(run(
                        later,
                        "renew",
                        "--authority-key",
                        directory.resolve("authority.key").toString(),
                        "--server-key",
                        directory.resolve("server.key").toString(),
                        "--cert",
                        directory.resolve("server.cert").toString()))
                .isZero();
        assertThat(Files.readAllBytes(directory.resolve("server.key"))).isEqualTo(serverKeyBefore);
        assertThat(run(
                        later,
                        "verify",
                        "--server-key",
                        directory.resolve("server.key").toString(),
                        "--cert",
                        directory.resolve("server.cert").toString(),
                        "--authority-public-key",
                        authority))
                .isZero();
    }

    @Test
    void aCertificateForAnotherServerKeyIsRejectedOnLoad() throws IOException {
        Path first = directory.resolve("first");
        Path second = directory.resolve("second");
        assertThat(run(NOW, "generate", "--out-dir", first.toString())).isZero();
        assertThat(run(NOW, "generate", "--out-dir", second.toString())).isZero();
        String authority = printedAuthorityKey();
        assertThat(run(
                        NOW,
                        "verify",
                        "--server-key",
                        first.resolve("server.key").toString(),
                        "--cert",
                        second.resolve("server.cert").toString(),
                        "--authority-public-key",
                        authority))
                .isEqualTo(1);
        assertThat(stderr()).contains("certifies another server key");
    }

    @Test
    void malformedInputIsAOneLineErrorNotAStackTrace() throws IOException {
        Path broken = directory.resolve("broken.key");
        Files.writeString(broken, "authority_secret_key=not-base58-0OIl\n");
        assertThat(run(NOW, "public-key", "--authority-key", broken.toString())).isEqualTo(1);
        assertThat(stderr().lines()).hasSize(1);
        assertThat(stderr()).contains("malformed").doesNotContain("Exception").doesNotContain("not-base58");

        assertThat(run(
                        NOW,
                        "public-key",
                        "--authority-key",
                        directory.resolve("missing").toString()))
                .isEqualTo(1);
        assertThat(stderr()).startsWith("I/O error");

        assertThat(run(NOW)).isEqualTo(2);
        assertThat(run(NOW, "frobnicate")).isEqualTo(2);
        assertThat(run(NOW, "generate")).isEqualTo(2);
        assertThat(run(NOW, "generate", "--out-dir", directory.toString(), "--validity-days", "0"))
                .isEqualTo(2);
    }
}
