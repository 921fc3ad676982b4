package org.reservegrid.common.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The PEM certificate and private key files an HTTP server serves TLS with, as rg-auth and rg-feed-server read them:
 * a mode variable that is {@code off} (the default) or {@code file}, and with {@code file} two variables naming the
 * files.
 *
 * <p>The variable names are passed in rather than written here: each service declares the names it reads in its own
 * settings class, where the {@code .env.example} scan finds them for that service only (the other services have no
 * TLS of their own and must not be asked to pass these variables).
 */
public record TlsFiles(Path certificate, Path privateKey) {
    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * The files named by {@code certVariable} and {@code keyVariable} when {@code modeVariable} is {@code file}, or
     * null when it is {@code off} or unset.
     *
     * @param service the service's name, for the refusal of any other mode
     * @throws ConfigException naming the variable at fault: an unknown mode, or a file variable missing
     */
    public static @Nullable TlsFiles read(
            EnvConfig env, String modeVariable, String certVariable, String keyVariable, String service) {
        String mode = env.string(modeVariable, "off").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "off" -> null;
            case "file" ->
                new TlsFiles(
                        env.path(certVariable)
                                .orElseThrow(() -> new ConfigException(
                                        certVariable,
                                        "must name a PEM certificate file when " + modeVariable + "=file")),
                        env.path(keyVariable)
                                .orElseThrow(() -> new ConfigException(
                                        keyVariable,
                                        "must name a PEM private key file when " + modeVariable + "=file")));
            default ->
                throw new ConfigException(modeVariable, "must be off or file for " + service + ", got '" + mode + "'");
        };
    }
}
