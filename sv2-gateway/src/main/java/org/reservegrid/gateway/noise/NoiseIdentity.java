package org.reservegrid.gateway.noise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.sv2.crypto.InvalidEncodingException;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseKeyFiles;
import org.reservegrid.sv2.noise.ResponderCredentials;
import org.reservegrid.sv2.noise.SignatureNoiseMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Noise responder identity: static key, the authority's certificate over it, and the authority public
 * key miners must configure.
 *
 * <p>Production: {@code VELDRA_NOISE_SERVER_KEY_PATH} and {@code VELDRA_NOISE_CERT_PATH} name files written by
 * sv2-protocol's {@code NoiseKeyTool} (the authority key stays offline). Development: when neither is set, the
 * gateway uses {@code <VELDRA_DATA_DIR>/noise/{authority.key,server.key,server.cert}}, generating them on first
 * start and re-signing an expired certificate with the authority key found there. Either way the certificate must
 * verify now, against {@code VELDRA_NOISE_AUTHORITY_PUBKEY} when that is set.
 *
 * @param source {@code files} (configured paths), {@code generated} (created now) or {@code data_dir} (dev keys
 *     from an earlier start)
 */
public record NoiseIdentity(
        ResponderCredentials credentials,
        String authorityPublicKey,
        String serverPublicKey,
        long validFrom,
        long notValidAfter,
        String source,
        @Nullable Path serverKeyFile,
        @Nullable Path certificateFile) {

    private static final Logger log = LoggerFactory.getLogger(NoiseIdentity.class);
    public static final String DEV_DIRECTORY = "noise";
    static final String AUTHORITY_FILE = "authority.key";
    static final String SERVER_KEY_FILE = "server.key";
    static final String CERTIFICATE_FILE = "server.cert";
    static final Duration DEV_VALIDITY = Duration.ofDays(365);

    public static NoiseIdentity load(
            @Nullable Path serverKey,
            @Nullable Path certificate,
            @Nullable String expectedAuthority,
            Path dataDir,
            Instant now) {
        SecureRandom random = new SecureRandom();
        NoiseIdentity identity;
        try {
            if (serverKey != null && certificate != null) {
                identity = read(serverKey, certificate, "files");
            } else {
                identity = development(dataDir.resolve(DEV_DIRECTORY), now, random);
            }
        } catch (IOException e) {
            throw new ConfigException(
                    NoiseKeyFiles.ENV_SERVER_KEY, "cannot read or write the Noise key files: " + e.getMessage());
        } catch (InvalidEncodingException e) {
            throw new ConfigException(NoiseKeyFiles.ENV_CERTIFICATE, e.getMessage());
        }
        byte[] authority = Sv2KeyText.decodeAuthorityPublicKey(identity.authorityPublicKey());
        if (expectedAuthority != null) {
            byte[] expected;
            try {
                expected = Sv2KeyText.decodeAuthorityPublicKey(expectedAuthority);
            } catch (InvalidEncodingException e) {
                throw new ConfigException("VELDRA_NOISE_AUTHORITY_PUBKEY", e.getMessage());
            }
            if (!Arrays.equals(expected, authority)) {
                throw new ConfigException(
                        "VELDRA_NOISE_AUTHORITY_PUBKEY",
                        "the certificate is signed by " + identity.authorityPublicKey() + ", not by this key");
            }
        }
        try {
            identity.credentials().verify(authority, now);
        } catch (NoiseException e) {
            throw new ConfigException(NoiseKeyFiles.ENV_CERTIFICATE, "the certificate does not verify: " + e.detail());
        }
        return identity;
    }

    private static NoiseIdentity read(Path serverKey, Path certificate, String source) throws IOException {
        ResponderCredentials credentials = NoiseKeyFiles.readResponderCredentials(serverKey, certificate);
        NoiseKeyFiles.CertificateFile file = NoiseKeyFiles.readCertificate(certificate);
        return new NoiseIdentity(
                credentials,
                Sv2KeyText.encodeAuthorityPublicKey(file.authorityXOnly()),
                Sv2KeyText.encodeAuthorityPublicKey(file.serverXOnly()),
                file.certificate().validFrom(),
                file.certificate().notValidAfter(),
                source,
                serverKey,
                certificate);
    }

    private static NoiseIdentity development(Path directory, Instant now, SecureRandom random) throws IOException {
        Path authorityFile = directory.resolve(AUTHORITY_FILE);
        Path serverKeyFile = directory.resolve(SERVER_KEY_FILE);
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        if (Files.exists(authorityFile) && Files.exists(serverKeyFile) && Files.exists(certificateFile)) {
            NoiseIdentity existing = read(serverKeyFile, certificateFile, "data_dir");
            if (existing.notValidAfter() > now.getEpochSecond() + 3600) {
                return existing;
            }
            NoiseKeyFiles.KeyPair authority = NoiseKeyFiles.readAuthorityKey(authorityFile);
            NoiseKeyFiles.KeyPair server = NoiseKeyFiles.readServerKey(serverKeyFile);
            sign(authority, server, certificateFile, now, random);
            log.info("Noise certificate in {} was expiring; re-signed with the development authority key", directory);
            return read(serverKeyFile, certificateFile, "data_dir");
        }
        NoiseKeyFiles.KeyPair authority = NoiseKeyFiles.KeyPair.generate(random);
        NoiseKeyFiles.KeyPair server = NoiseKeyFiles.KeyPair.generate(random);
        NoiseKeyFiles.writeAuthorityKey(authorityFile, authority, true);
        NoiseKeyFiles.writeServerKey(serverKeyFile, server, true);
        sign(authority, server, certificateFile, now, random);
        log.warn(
                "no {} / {} set: generated development Noise keys in {} (keep {} secret; production keys come from"
                        + " NoiseKeyTool with the authority key kept offline)",
                NoiseKeyFiles.ENV_SERVER_KEY,
                NoiseKeyFiles.ENV_CERTIFICATE,
                directory,
                AUTHORITY_FILE);
        return read(serverKeyFile, certificateFile, "generated");
    }

    private static void sign(
            NoiseKeyFiles.KeyPair authority,
            NoiseKeyFiles.KeyPair server,
            Path certificateFile,
            Instant now,
            SecureRandom random)
            throws IOException {
        long from = now.getEpochSecond();
        SignatureNoiseMessage certificate = SignatureNoiseMessage.issue(
                authority.secretKey(), server.xOnlyPublicKey(), from, from + DEV_VALIDITY.toSeconds(), random);
        NoiseKeyFiles.writeCertificate(
                certificateFile, certificate, server.xOnlyPublicKey(), authority.xOnlyPublicKey(), true);
    }

    @Override
    public String toString() {
        return "NoiseIdentity[authority=" + authorityPublicKey + ", server=" + serverPublicKey + ", source=" + source
                + ", valid until " + Instant.ofEpochSecond(notValidAfter) + "]";
    }
}
