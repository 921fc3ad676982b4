package org.reservegrid.sri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.reservegrid.testkit.Prerequisite;

/**
 * The Rust peers ({@code sri-client}, {@code sri-server}) of {@code rust/}, built once per test JVM with
 * {@code cargo build --release --locked}: a no-op of about a second when {@code scripts/ci/install-rust-sri.sh}
 * already ran. Without cargo, binaries the install script left behind are used as they are; with neither, every
 * test that needs them is skipped with a message saying why, or fails under {@code CI=true} (a {@link
 * Prerequisite}). The system property {@code sri.peers.dir} names a directory of already built peers to use as they
 * are, without cargo (another checkout's {@code rust/target/release}).
 */
final class SriPeers {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private static SriPeers built;
    private static String unavailable;

    private final Path client;
    private final Path server;

    private SriPeers(Path releaseDir) {
        this.client = releaseDir.resolve("sri-client");
        this.server = releaseDir.resolve("sri-server");
    }

    /** The built peers, or a skipped test (a failed one under CI=true) when they cannot be had. */
    static synchronized SriPeers require() {
        if (built == null && unavailable == null) {
            try {
                built = build();
            } catch (UnavailableException e) {
                unavailable = e.getMessage();
            }
        }
        Prerequisite.require("SRI Rust peers", Optional.ofNullable(unavailable));
        return built;
    }

    Path client() {
        return client;
    }

    Path server() {
        return server;
    }

    private static SriPeers build() throws UnavailableException {
        String prebuilt = System.getProperty("sri.peers.dir", "");
        if (!prebuilt.isBlank()) {
            SriPeers peers = new SriPeers(Path.of(prebuilt).toAbsolutePath());
            if (!peers.isComplete()) {
                throw new UnavailableException("sri.peers.dir=" + prebuilt + " holds no executable sri-client and"
                        + " sri-server: run scripts/ci/install-rust-sri.sh there");
            }
            return peers;
        }
        Path rustDir = Path.of(System.getProperty("sri.rust.dir", "rust")).toAbsolutePath();
        if (!Files.isRegularFile(rustDir.resolve("Cargo.toml"))) {
            throw new UnavailableException("no cargo project at " + rustDir + " (system property sri.rust.dir)");
        }
        SriPeers peers = new SriPeers(rustDir.resolve("target").resolve("release"));
        Optional<Path> cargo = findCargo();
        if (cargo.isEmpty()) {
            if (peers.isComplete()) {
                return peers;
            }
            throw new UnavailableException(
                    "cargo is not installed and rust/target/release holds no built peers (install Rust with"
                            + " rustup and run scripts/ci/install-rust-sri.sh)");
        }
        runCargoBuild(cargo.get(), rustDir);
        if (!peers.isComplete()) {
            throw new IllegalStateException(
                    "cargo build succeeded but " + peers.client + " or " + peers.server + " is missing");
        }
        return peers;
    }

    private boolean isComplete() {
        return Files.isExecutable(client) && Files.isExecutable(server);
    }

    private static Optional<Path> findCargo() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "cargo"));
                }
            }
        }
        String cargoHome = System.getenv("CARGO_HOME");
        if (cargoHome != null) {
            candidates.add(Path.of(cargoHome, "bin", "cargo"));
        }
        // rustup installs into $HOME/.cargo and finds its toolchains through $HOME too.
        String home = System.getenv("HOME");
        candidates.add(Path.of(home != null ? home : System.getProperty("user.home"), ".cargo", "bin", "cargo"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** A failing build is a test failure, not a skip: the suite must not go quiet because its code broke. */
    private static void runCargoBuild(Path cargo, Path rustDir) {
        Path log = rustDir.resolve("target").resolve("maven-cargo-build.log");
        try {
            Files.createDirectories(log.getParent());
            Process build = new ProcessBuilder(cargo.toString(), "build", "--release", "--locked")
                    .directory(rustDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                build.destroyForcibly();
                throw new IllegalStateException("cargo build did not finish within " + BUILD_TIMEOUT + "; see " + log);
            }
            if (build.exitValue() != 0) {
                throw new IllegalStateException("cargo build --release --locked failed with exit code "
                        + build.exitValue() + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cargo + " in " + rustDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the Rust peers", e);
        }
    }

    private static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message);
        }
    }
}
