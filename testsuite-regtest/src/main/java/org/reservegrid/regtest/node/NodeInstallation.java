package org.reservegrid.regtest.node;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code scripts/ci/install-regtest-nodes.sh} put the node implementations, and where the repository's own
 * launcher scripts are.
 *
 * <p>The nodes directory is the system property {@code rg.regtest.nodes}, else the environment variable
 * {@code RG_REGTEST_NODES}, else {@code $HOME/.cache/reservegrid/nodes}, the same rule the install script follows.
 */
public record NodeInstallation(Path nodesDir, Path repoRoot) {
    public static final String INSTALL_HINT = "run scripts/ci/install-regtest-nodes.sh";

    public static NodeInstallation locate() {
        return new NodeInstallation(defaultNodesDir(), defaultRepoRoot());
    }

    public Path btcd() {
        return nodesDir.resolve("bin").resolve("btcd");
    }

    public Path nodeModules() {
        return nodesDir.resolve("node_modules");
    }

    public Path bcoinLauncher() {
        return repoRoot.resolve("scripts/regtest/bcoin-regtest.js");
    }

    /** Why btcd cannot be started here, or empty when it can. */
    public Optional<String> btcdMissing() {
        if (!Files.isExecutable(btcd())) {
            return Optional.of("btcd is not installed at " + btcd() + ": " + INSTALL_HINT);
        }
        return Optional.empty();
    }

    /** Why bcoin cannot be started here, or empty when it can. */
    public Optional<String> bcoinMissing() {
        if (onPath("node").isEmpty()) {
            return Optional.of("node (Node.js) is not on PATH: bcoin needs it");
        }
        if (!Files.isRegularFile(nodeModules().resolve("bcoin/package.json"))) {
            return Optional.of("bcoin is not installed under " + nodeModules() + ": " + INSTALL_HINT);
        }
        if (!Files.isRegularFile(bcoinLauncher())) {
            return Optional.of("the bcoin launcher " + bcoinLauncher() + " is missing from the checkout");
        }
        return Optional.empty();
    }

    static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path defaultNodesDir() {
        String property = System.getProperty("rg.regtest.nodes", "");
        if (!property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("RG_REGTEST_NODES");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "reservegrid", "nodes");
    }

    private static Path defaultRepoRoot() {
        String property = System.getProperty("rg.repo.root", "");
        if (!property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("scripts/regtest"))) {
                return candidate;
            }
        }
        return dir;
    }
}
