package org.reservegrid.dashboardsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.TestData;
import org.reservegrid.testkit.process.RgStack;
import org.reservegrid.testkit.process.ServiceJars;

/**
 * The dashboard against the whole stack in a real browser: runs {@code testsuite-dashboard/e2e/dashboard.e2e.mjs},
 * which starts {@code VELDRA_MODE=observe scripts/rg up} from the packaged jars on free ports in its own state
 * directory, keeps {@code scripts/rg test-miner} connected and drives Debian's chromium through playwright-core
 * (the steps: docs/dashboard.md, "Browser suite"). Its step lines are printed as they happen; the test passes when
 * every step passed, none skipped.
 */
class DashboardStackBrowserTests {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The suite takes about three minutes; past this something hangs (the script then stops its stack). */
    private static final long SUITE_TIMEOUT_MINUTES = 12;

    @Test
    void everyPageWorksAgainstTheRunningStackInChromium() throws Exception {
        Prerequisite.require(
                "chromium",
                Files.isExecutable(CHROMIUM)
                        ? Optional.empty()
                        : Optional.of(CHROMIUM + " is missing: run scripts/ci/install-chromium.sh"));
        Prerequisite.require("node", nodeMissing());
        RgStack.requireJars();
        Prerequisite.require("rg-dashboard front end", frontEndMissing(ServiceJars.path("rg-dashboard")));
        Path root = TestData.repositoryRoot();
        Path e2e = root.resolve("testsuite-dashboard/e2e");
        installPlaywright(e2e);

        // The script starts the stack itself; RgStack is the net under a run that was killed and left it behind.
        RgStack stack = new RgStack(root.resolve("testsuite-dashboard/target/dashboard-e2e-state"));
        Path state = stack.state();
        stack.clearLeftovers();
        ProcessBuilder node = new ProcessBuilder(
                        "node", e2e.resolve("dashboard.e2e.mjs").toString())
                .directory(root.toFile())
                .redirectErrorStream(true);
        node.environment().put("RG_E2E_STATE_DIR", state.toString());
        // Under Maven every step must pass: nothing waits for a page that is not built.
        node.environment().remove("RG_E2E_ALLOW_PENDING");
        node.environment().remove("RG_E2E_KEEP");
        StringBuilder printed = new StringBuilder();
        Process run = node.start();
        try {
            Thread pump = Thread.ofVirtual().start(() -> stream(run, printed));
            boolean finished = run.waitFor(SUITE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished) {
                // SIGTERM: the script stops its stack before it exits.
                run.destroy();
                if (!run.waitFor(90, TimeUnit.SECONDS)) {
                    run.destroyForcibly();
                }
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
            String output;
            synchronized (printed) {
                output = printed.toString();
            }
            assertThat(finished)
                    .as("the browser suite finished within %d min:\n%s", SUITE_TIMEOUT_MINUTES, output)
                    .isTrue();
            assertThat(run.exitValue())
                    .as("the browser suite's exit code:\n%s", output)
                    .isZero();
            assertThat(output).containsPattern("dashboard-e2e: \\d+ passed, 0 failed, 0 skipped");
        } finally {
            // The script stops its own stack; this says "nothing running" unless the script was killed.
            stack.down();
        }
    }

    /** Copies the script's output to this JVM's stdout line by line (the build log) and keeps it for the report. */
    private static void stream(Process run, StringBuilder printed) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[dashboard-e2e] " + line);
                synchronized (printed) {
                    printed.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> nodeMissing() {
        try {
            Process version = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                return Optional.of("node --version failed: " + text);
            }
            int major = Integer.parseInt(text.replaceFirst("^v(\\d+).*", "$1"));
            return major >= 20 ? Optional.empty() : Optional.of("Node.js 20 or newer is needed, found " + text);
        } catch (IOException | NumberFormatException e) {
            return Optional.of("Node.js 20 or newer is needed on PATH: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** A jar built with {@code -Dfrontend.skip} serves no pages; the suite needs the real front end in it. */
    private static Optional<String> frontEndMissing(Path dashboardJar) {
        try (ZipFile jar = new ZipFile(dashboardJar.toFile())) {
            return jar.getEntry("BOOT-INF/classes/static/index.html") != null
                    ? Optional.empty()
                    : Optional.of(dashboardJar + " has no front end (built with -Dfrontend.skip): package rg-dashboard"
                            + " without it");
        } catch (IOException e) {
            return Optional.of(dashboardJar + " cannot be read: " + e.getMessage());
        }
    }

    /** {@code npm ci} in the suite's directory when playwright-core is not there yet (the lock file pins it). */
    private static void installPlaywright(Path e2e) throws IOException, InterruptedException {
        if (Files.isDirectory(e2e.resolve("node_modules/playwright-core"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(e2e.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean done = npm.waitFor(5, TimeUnit.MINUTES);
        Prerequisite.require(
                "playwright-core",
                done && npm.exitValue() == 0
                        ? Optional.empty()
                        : Optional.of("npm ci in " + e2e + " failed: Node.js/npm and the npm registry are needed"));
    }
}
