package org.reservegrid.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.TestData;
import org.reservegrid.testkit.process.AuthProcess;
import org.reservegrid.testkit.process.ServiceJars;
import org.reservegrid.testkit.process.ServiceProcess;

/**
 * The auth gate end to end in a real browser: the real rg-auth and rg-dashboard jars, and Debian's chromium driven by
 * playwright-core ({@code rg-dashboard/e2e/auth-gate.e2e.mjs}). Register, follow the link from the email rg-auth
 * printed, approval by the bootstrap admin on the Users page, login as a viewer, logout. Screenshots go to
 * {@code rg-dashboard/target/e2e-screenshots/}.
 */
class AuthGateBrowserProcessTests {
    private static final String ADMIN = "admin@browser.example";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void registerVerifyApproveLoginAndLogoutInChromium() throws Exception {
        Prerequisite.require(
                "chromium",
                Files.isExecutable(CHROMIUM)
                        ? Optional.empty()
                        : Optional.of(CHROMIUM + " is missing: run scripts/ci/install-chromium.sh"));
        Path e2e = TestData.repositoryRoot().resolve("rg-dashboard/e2e");
        installPlaywright(e2e);
        int dashboardPort = FreePorts.loopback();
        String dashboardUrl = "http://127.0.0.1:" + dashboardPort;
        try (AuthProcess auth = AuthProcess.start(
                        ServiceJars.require("rg-auth"),
                        Map.of(
                                "VELDRA_AUTH_ADMIN_EMAIL", ADMIN,
                                "VELDRA_AUTH_PUBLIC_URL", dashboardUrl));
                ServiceProcess dashboard = ServiceProcess.jar("rg-dashboard", ServiceJars.require("rg-dashboard"))
                        .httpPort(dashboardPort)
                        .environment(Map.of(
                                "VELDRA_DASHBOARD_BIND",
                                "127.0.0.1",
                                "VELDRA_DASHBOARD_PORT",
                                Integer.toString(dashboardPort),
                                "VELDRA_AUTH_URL",
                                "http://127.0.0.1:" + auth.port()))
                        .jvmOptions(ServiceProcess.FAST_START)
                        .build()) {
            dashboard.launch();
            dashboard.awaitReady();
            Path authLog = Files.createTempFile("rg-e2e-auth-", ".log");
            Path output = Files.createTempFile("rg-e2e-", ".log");
            try {
                // The script reads the emails from a file: hand it rg-auth's output as it grows.
                Files.writeString(authLog, "");
                Path screenshots = TestData.repositoryRoot().resolve("rg-dashboard/target/e2e-screenshots");
                ProcessBuilder node = new ProcessBuilder("node", "auth-gate.e2e.mjs")
                        .directory(e2e.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                node.environment()
                        .putAll(Map.of(
                                "DASHBOARD_URL",
                                dashboardUrl,
                                "AUTH_LOG",
                                authLog.toString(),
                                "ADMIN_EMAIL",
                                ADMIN,
                                "SCREENSHOTS",
                                screenshots.toString()));
                Process run = node.start();
                while (!run.waitFor(200, TimeUnit.MILLISECONDS)) {
                    Files.writeString(authLog, auth.log(), StandardCharsets.UTF_8);
                }
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                assertThat(run.exitValue())
                        .as(
                                "the browser suite:\n%s\nrg-auth log tail:\n%s\ndashboard log tail:\n%s",
                                printed, auth.service().logTail(), dashboard.logTail())
                        .isZero();
                assertThat(printed).contains("every step passed");
                assertThat(screenshots.resolve("users.png")).isRegularFile();
            } finally {
                Files.deleteIfExists(authLog);
                Files.deleteIfExists(output);
            }
        }
    }

    /** {@code npm ci} in the e2e directory when playwright-core is not there yet (the lock file pins it). */
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
        assertThat(List.of(e2e.resolve("node_modules/playwright-core"))).allMatch(Files::isDirectory);
    }
}
