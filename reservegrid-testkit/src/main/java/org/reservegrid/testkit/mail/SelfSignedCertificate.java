package org.reservegrid.testkit.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.reservegrid.testkit.process.TemporaryDirectories;

/**
 * The test servers' certificate and private key as PEM (the SMTP test server's, and any service a test runs with
 * TLS): EC P-256, self-signed, {@code CN=localhost}, SAN {@code DNS:localhost} and {@code IP:127.0.0.1}. The JDK's keytool makes it (no Bouncy Castle on every module's test class
 * path for this); one per JVM, since making it costs a JVM start.
 */
public record SelfSignedCertificate(String certificatePem, String privateKeyPem) {
    private static final String ALIAS = "smtp-test-server";

    public static SelfSignedCertificate shared() {
        return Holder.SHARED;
    }

    private static final class Holder {
        static final SelfSignedCertificate SHARED = generate();
    }

    private static SelfSignedCertificate generate() {
        Path dir = TemporaryDirectories.create("rg-smtp-cert-");
        try {
            Path store = dir.resolve("server.p12");
            // A throwaway store: the password only protects the file for the moment it exists.
            String storePassword = "changeit";
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            List<String> command = new ArrayList<>(List.of(keytool.toString(), "-keystore", store.toString()));
            command.addAll(List.of(("-genkeypair -alias " + ALIAS + " -keyalg EC -groupname secp256r1"
                            + " -sigalg SHA256withECDSA -dname CN=localhost -ext SAN=dns:localhost,ip:127.0.0.1"
                            + " -validity 30 -storetype PKCS12 -storepass " + storePassword + " -keypass "
                            + storePassword + " -noprompt")
                    .split(" ")));
            Process keytoolRun = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile())
                    .start();
            if (!keytoolRun.waitFor(60, TimeUnit.SECONDS) || keytoolRun.exitValue() != 0) {
                keytoolRun.destroyForcibly();
                throw new IllegalStateException("keytool could not make the SMTP test certificate: "
                        + Files.readString(dir.resolve("keytool.log"), StandardCharsets.UTF_8));
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, storePassword.toCharArray());
            }
            var certificate = keyStore.getCertificate(ALIAS);
            var key = keyStore.getKey(ALIAS, storePassword.toCharArray());
            if (certificate == null || key == null) {
                throw new IllegalStateException("keytool made no " + ALIAS + " entry in " + store);
            }
            // A PKCS#12 key encodes as PKCS#8: PEM "PRIVATE KEY", which Python's ssl module loads as it is.
            return new SelfSignedCertificate(
                    pem("CERTIFICATE", certificate.getEncoded()), pem("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read keytool's SMTP test certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the SMTP test certificate", e);
        } finally {
            TemporaryDirectories.delete(dir);
        }
    }

    /** An SSL context that trusts this certificate only, for a client of the test server. */
    public javax.net.ssl.SSLContext trustingContext() {
        try {
            var certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(
                            certificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("test-server", certificate);
            var trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            var context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not trust the test certificate", e);
        }
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[CN=localhost, private key hidden]";
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
