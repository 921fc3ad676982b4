package org.reservegrid.sv2.noise.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reservegrid.sv2.crypto.InvalidEncodingException;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseKeyFiles;
import org.reservegrid.sv2.noise.ResponderCredentials;
import org.reservegrid.sv2.noise.SignatureNoiseMessage;

/**
 * Creates and checks the key files the gateway's Noise responder uses (formats in {@link NoiseKeyFiles}).
 *
 * <pre>
 * NoiseKeyTool generate --out-dir DIR [--validity-days 365] [--force]
 *     writes DIR/authority.key (secret), DIR/server.key (secret) and DIR/server.cert, and prints the authority
 *     public key (base58check) that miners configure
 * NoiseKeyTool renew --authority-key FILE --server-key FILE --cert FILE [--validity-days 365]
 *     signs a new certificate for the existing server key (creating the server key if the file is missing)
 * NoiseKeyTool verify --server-key FILE --cert FILE --authority-public-key KEY
 *     checks that the certificate is the authority's, for this server key, and valid now
 * NoiseKeyTool public-key --authority-key FILE
 *     prints the authority public key
 * NoiseKeyTool help
 * </pre>
 *
 * <p>Exit status: 0 success, 1 failure (a one-line reason on stderr, never a secret or a stack trace), 2 usage.
 */
public final class NoiseKeyTool {

    static final String AUTHORITY_FILE = "authority.key";
    static final String SERVER_KEY_FILE = "server.key";
    static final String CERTIFICATE_FILE = "server.cert";
    static final int DEFAULT_VALIDITY_DAYS = 365;

    private static final String USAGE = """
            usage:
              NoiseKeyTool generate --out-dir DIR [--validity-days N] [--force]
              NoiseKeyTool renew --authority-key FILE --server-key FILE --cert FILE [--validity-days N]
              NoiseKeyTool verify --server-key FILE --cert FILE --authority-public-key KEY
              NoiseKeyTool public-key --authority-key FILE""";

    private final PrintStream out;
    private final PrintStream err;
    private final InstantSource clock;
    private final SecureRandom random;

    NoiseKeyTool(PrintStream out, PrintStream err, InstantSource clock, SecureRandom random) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.random = random;
    }

    public static void main(String[] args) {
        System.exit(new NoiseKeyTool(System.out, System.err, InstantSource.system(), new SecureRandom()).run(args));
    }

    /** Runs one command; returns the exit status. */
    int run(String[] args) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        if (Set.of("help", "--help", "-h").contains(args[0])) {
            out.println(USAGE);
            return 0;
        }
        Map<String, String> options;
        try {
            options = options(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "generate" -> generate(options);
                case "renew" -> renew(options);
                case "verify" -> verify(options);
                case "public-key" -> publicKey(options);
                default -> {
                    err.println("unknown command " + args[0]);
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (FileAlreadyExistsException e) {
            err.println("refusing to overwrite " + e.getFile() + " (use --force)");
            return 1;
        } catch (IOException e) {
            err.println("I/O error: " + e.getMessage());
            return 1;
        } catch (InvalidEncodingException | NoiseException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private int generate(Map<String, String> options) throws IOException, UsageException {
        Path directory = Path.of(required(options, "out-dir"));
        boolean force = options.containsKey("force");
        Duration validity = validity(options);

        if (!force) {
            for (String name : List.of(AUTHORITY_FILE, SERVER_KEY_FILE, CERTIFICATE_FILE)) {
                if (Files.exists(directory.resolve(name))) {
                    throw new FileAlreadyExistsException(directory.resolve(name).toString());
                }
            }
        }
        NoiseKeyFiles.KeyPair authority = NoiseKeyFiles.KeyPair.generate(random);
        NoiseKeyFiles.KeyPair server = NoiseKeyFiles.KeyPair.generate(random);
        SignatureNoiseMessage certificate = sign(authority, server, validity);

        NoiseKeyFiles.writeAuthorityKey(directory.resolve(AUTHORITY_FILE), authority, force);
        NoiseKeyFiles.writeServerKey(directory.resolve(SERVER_KEY_FILE), server, force);
        NoiseKeyFiles.writeCertificate(
                directory.resolve(CERTIFICATE_FILE),
                certificate,
                server.xOnlyPublicKey(),
                authority.xOnlyPublicKey(),
                force);
        out.println("authority_public_key=" + authority.publicKeyText());
        out.println("wrote " + directory.resolve(AUTHORITY_FILE) + " (secret: keep it off the gateway host)");
        out.println("wrote " + directory.resolve(SERVER_KEY_FILE) + " (secret, " + NoiseKeyFiles.ENV_SERVER_KEY + ")");
        out.println("wrote " + directory.resolve(CERTIFICATE_FILE) + " (" + NoiseKeyFiles.ENV_CERTIFICATE
                + "), valid until " + Instant.ofEpochSecond(certificate.notValidAfter()));
        return 0;
    }

    private int renew(Map<String, String> options) throws IOException, UsageException {
        NoiseKeyFiles.KeyPair authority = NoiseKeyFiles.readAuthorityKey(Path.of(required(options, "authority-key")));
        Path serverKeyFile = Path.of(required(options, "server-key"));
        Path certificateFile = Path.of(required(options, "cert"));
        Duration validity = validity(options);
        NoiseKeyFiles.KeyPair server;
        if (Files.exists(serverKeyFile)) {
            server = NoiseKeyFiles.readServerKey(serverKeyFile);
        } else {
            server = NoiseKeyFiles.KeyPair.generate(random);
            NoiseKeyFiles.writeServerKey(serverKeyFile, server, false);
            out.println("wrote " + serverKeyFile + " (new server key)");
        }
        SignatureNoiseMessage certificate = sign(authority, server, validity);
        NoiseKeyFiles.writeCertificate(
                certificateFile, certificate, server.xOnlyPublicKey(), authority.xOnlyPublicKey(), true);
        out.println("authority_public_key=" + authority.publicKeyText());
        out.println("wrote " + certificateFile + ", valid until " + Instant.ofEpochSecond(certificate.notValidAfter()));
        return 0;
    }

    private int verify(Map<String, String> options) throws IOException, UsageException, NoiseException {
        byte[] authority = Sv2KeyText.decodeAuthorityPublicKey(required(options, "authority-public-key"));
        ResponderCredentials credentials = NoiseKeyFiles.readResponderCredentials(
                Path.of(required(options, "server-key")), Path.of(required(options, "cert")));
        credentials.verify(authority, clock.instant());
        out.println("ok: certificate valid until "
                + Instant.ofEpochSecond(credentials.certificate().notValidAfter()));
        return 0;
    }

    private int publicKey(Map<String, String> options) throws IOException, UsageException {
        NoiseKeyFiles.KeyPair authority = NoiseKeyFiles.readAuthorityKey(Path.of(required(options, "authority-key")));
        out.println(authority.publicKeyText());
        return 0;
    }

    private SignatureNoiseMessage sign(
            NoiseKeyFiles.KeyPair authority, NoiseKeyFiles.KeyPair server, Duration validity) {
        long now = clock.instant().getEpochSecond();
        return SignatureNoiseMessage.issue(
                authority.secretKey(), server.xOnlyPublicKey(), now, now + validity.toSeconds(), random);
    }

    private static Duration validity(Map<String, String> options) throws UsageException {
        String days = options.getOrDefault("validity-days", Integer.toString(DEFAULT_VALIDITY_DAYS));
        try {
            int value = Integer.parseInt(days);
            // not_valid_after is a U32 of Unix seconds: stay well inside it.
            if (value < 1 || value > 36_500) {
                throw new UsageException("--validity-days must be between 1 and 36500");
            }
            return Duration.ofDays(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--validity-days must be a number");
        }
    }

    private static final Set<String> FLAGS = Set.of("force");

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            if (FLAGS.contains(name)) {
                options.put(name, "true");
            } else if (i + 1 < args.size()) {
                options.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException("missing --" + name);
        }
        return value;
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
