package org.reservegrid.sv2.noise;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.reservegrid.sv2.crypto.EllSwiftKeyPair;
import org.reservegrid.sv2.crypto.InvalidEncodingException;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.crypto.Sv2KeyText;

/**
 * Reads and writes the Noise key files. All three are UTF-8 {@code key=value} files ({@link Properties} syntax,
 * {@code #} comments); keys use the Stratum V2 text forms of {@link Sv2KeyText}.
 *
 * <ul>
 *   <li><b>authority key</b> (secret, mode 0600): {@code authority_secret_key} = base58check(32-byte secret),
 *       {@code authority_public_key} = base58check(01 00 || x-only key), the string miners configure.
 *   <li><b>server key</b> (secret, mode 0600): {@code server_secret_key}, and {@code server_public_key} for reference.
 *   <li><b>certificate</b> (public): {@code version} (0), {@code valid_from} and {@code not_valid_after} (Unix seconds),
 *       {@code server_public_key} (the key certified), {@code authority_public_key} (the signer) and
 *       {@code signature} (64 bytes hex, BIP340).
 * </ul>
 *
 * <p>The gateway reads the server key and certificate paths from {@link #ENV_SERVER_KEY} and {@link #ENV_CERTIFICATE}.
 */
public final class NoiseKeyFiles {

    /** Environment variable naming the server key file. */
    public static final String ENV_SERVER_KEY = "VELDRA_NOISE_SERVER_KEY_PATH";

    /** Environment variable naming the certificate file. */
    public static final String ENV_CERTIFICATE = "VELDRA_NOISE_CERT_PATH";

    /** Environment variable naming the authority key file (only tools that issue certificates need it). */
    public static final String ENV_AUTHORITY_KEY = "VELDRA_NOISE_AUTHORITY_KEY_PATH";

    static final String AUTHORITY_SECRET_KEY = "authority_secret_key";
    static final String AUTHORITY_PUBLIC_KEY = "authority_public_key";
    static final String SERVER_SECRET_KEY = "server_secret_key";
    static final String SERVER_PUBLIC_KEY = "server_public_key";
    static final String VERSION = "version";
    static final String VALID_FROM = "valid_from";
    static final String NOT_VALID_AFTER = "not_valid_after";
    static final String SIGNATURE = "signature";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private NoiseKeyFiles() {}

    /** A secret key and the x-only public key that belongs to it. */
    public record KeyPair(byte[] secretKey, byte[] xOnlyPublicKey) {

        public static KeyPair generate(SecureRandom random) {
            return of(Secp256k1.generateSecretKey(random));
        }

        public static KeyPair of(byte[] secretKey) {
            return new KeyPair(secretKey.clone(), Secp256k1.xOnlyPublicKey(secretKey));
        }

        /** The public key in the base58check text form miners configure. */
        public String publicKeyText() {
            return Sv2KeyText.encodeAuthorityPublicKey(xOnlyPublicKey);
        }

        @Override
        public String toString() {
            return "KeyPair[public=" + publicKeyText() + ", secret redacted]";
        }
    }

    public static void writeAuthorityKey(Path file, KeyPair authority, boolean overwrite) throws IOException {
        String text = "# ReserveGrid SV2 Noise authority key. SECRET: keep offline; give miners only the public key.\n"
                + AUTHORITY_PUBLIC_KEY + "=" + authority.publicKeyText() + "\n"
                + AUTHORITY_SECRET_KEY + "=" + Sv2KeyText.encodeSecretKey(authority.secretKey()) + "\n";
        write(file, text, true, overwrite);
    }

    public static void writeServerKey(Path file, KeyPair server, boolean overwrite) throws IOException {
        String text = "# ReserveGrid SV2 Noise server (responder) static key. SECRET.\n"
                + SERVER_PUBLIC_KEY + "=" + server.publicKeyText() + "\n"
                + SERVER_SECRET_KEY + "=" + Sv2KeyText.encodeSecretKey(server.secretKey()) + "\n";
        write(file, text, true, overwrite);
    }

    public static void writeCertificate(
            Path file, SignatureNoiseMessage certificate, byte[] serverXOnly, byte[] authorityXOnly, boolean overwrite)
            throws IOException {
        String text = "# ReserveGrid SV2 Noise certificate (SIGNATURE_NOISE_MESSAGE). Public.\n"
                + VERSION + "=" + certificate.version() + "\n"
                + VALID_FROM + "=" + certificate.validFrom() + "\n"
                + NOT_VALID_AFTER + "=" + certificate.notValidAfter() + "\n"
                + SERVER_PUBLIC_KEY + "=" + Sv2KeyText.encodeAuthorityPublicKey(serverXOnly) + "\n"
                + AUTHORITY_PUBLIC_KEY + "=" + Sv2KeyText.encodeAuthorityPublicKey(authorityXOnly) + "\n"
                + SIGNATURE + "=" + HexFormat.of().formatHex(certificate.signature()) + "\n";
        write(file, text, false, overwrite);
    }

    /**
     * @throws InvalidEncodingException if an entry is missing or malformed, or the public key does not match
     */
    public static KeyPair readAuthorityKey(Path file) throws IOException {
        return readKeyPair(file, AUTHORITY_SECRET_KEY, AUTHORITY_PUBLIC_KEY);
    }

    /**
     * @throws InvalidEncodingException if an entry is missing or malformed, or the public key does not match
     */
    public static KeyPair readServerKey(Path file) throws IOException {
        return readKeyPair(file, SERVER_SECRET_KEY, SERVER_PUBLIC_KEY);
    }

    /** A certificate file's fields. */
    public record CertificateFile(SignatureNoiseMessage certificate, byte[] serverXOnly, byte[] authorityXOnly) {}

    /** @throws InvalidEncodingException if an entry is missing or malformed */
    public static CertificateFile readCertificate(Path file) throws IOException {
        Properties properties = load(file);
        try {
            SignatureNoiseMessage certificate = new SignatureNoiseMessage(
                    Integer.parseInt(required(properties, file, VERSION)),
                    Long.parseLong(required(properties, file, VALID_FROM)),
                    Long.parseLong(required(properties, file, NOT_VALID_AFTER)),
                    HexFormat.of().parseHex(required(properties, file, SIGNATURE)));
            return new CertificateFile(
                    certificate,
                    Sv2KeyText.decodeAuthorityPublicKey(required(properties, file, SERVER_PUBLIC_KEY)),
                    Sv2KeyText.decodeAuthorityPublicKey(required(properties, file, AUTHORITY_PUBLIC_KEY)));
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException(file.getFileName() + ": " + e.getMessage());
        }
    }

    /**
     * The responder's static key and certificate, checked to belong together. The static key gets a fresh random
     * ElligatorSwift encoding.
     *
     * @throws InvalidEncodingException if a file is malformed or the certificate is for another key
     */
    public static ResponderCredentials readResponderCredentials(Path serverKeyFile, Path certificateFile)
            throws IOException {
        KeyPair server = readServerKey(serverKeyFile);
        CertificateFile certificate = readCertificate(certificateFile);
        if (!Arrays.equals(server.xOnlyPublicKey(), certificate.serverXOnly())) {
            throw new InvalidEncodingException(certificateFile.getFileName() + " certifies another server key than "
                    + serverKeyFile.getFileName());
        }
        return new ResponderCredentials(
                EllSwiftKeyPair.fromSecretKey(server.secretKey(), new SecureRandom()), certificate.certificate());
    }

    /**
     * {@link #readResponderCredentials} with the paths from {@link #ENV_SERVER_KEY} and {@link #ENV_CERTIFICATE}.
     *
     * @throws InvalidEncodingException if a variable is unset
     */
    public static ResponderCredentials readResponderCredentials(Map<String, String> environment) throws IOException {
        String serverKey = environment.get(ENV_SERVER_KEY);
        String certificate = environment.get(ENV_CERTIFICATE);
        if (serverKey == null || serverKey.isBlank() || certificate == null || certificate.isBlank()) {
            throw new InvalidEncodingException(ENV_SERVER_KEY + " and " + ENV_CERTIFICATE + " must name the files");
        }
        return readResponderCredentials(Path.of(serverKey), Path.of(certificate));
    }

    private static KeyPair readKeyPair(Path file, String secretName, String publicName) throws IOException {
        Properties properties = load(file);
        byte[] secret;
        try {
            secret = Sv2KeyText.decodeSecretKey(required(properties, file, secretName));
        } catch (InvalidEncodingException e) {
            throw new InvalidEncodingException(file.getFileName() + ": " + secretName + " is malformed");
        }
        KeyPair pair = KeyPair.of(secret);
        String publicText = properties.getProperty(publicName);
        if (publicText != null
                && !Arrays.equals(Sv2KeyText.decodeAuthorityPublicKey(publicText), pair.xOnlyPublicKey())) {
            throw new InvalidEncodingException(
                    file.getFileName() + ": " + publicName + " does not belong to " + secretName);
        }
        return pair;
    }

    private static String required(Properties properties, Path file, String name) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new InvalidEncodingException(file.getFileName() + ": missing " + name);
        }
        return value.strip();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return properties;
    }

    private static void write(Path file, String text, boolean secret, boolean overwrite) throws IOException {
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IOException("no directory for " + file);
        }
        Files.createDirectories(parent);
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        // Written next to the target with its final permissions, then moved: never a half-written or readable secret.
        Path temporary = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
        try {
            if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(temporary, secret ? OWNER_ONLY : WORLD_READABLE);
            }
            Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
