package org.reservegrid.deploysuite.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reservegrid.deploysuite.compose.Compose.Invocation;
import org.reservegrid.deploysuite.compose.Compose.Model;
import org.reservegrid.deploysuite.compose.Compose.Mount;
import org.reservegrid.deploysuite.compose.Compose.Port;
import org.reservegrid.deploysuite.compose.Compose.Service;
import org.reservegrid.testkit.process.ToolRun;

/**
 * docker-compose.yml, its profiles and the deploy/compose overrides as {@code docker-compose config} resolves them:
 * valid, and holding the promises of docs/deployment.md (loopback ports, health checks, volumes, secrets).
 */
class ComposeConfigTests {
    static final List<String> ALL_PROFILES = List.of("test", "monitoring", "shadow", "feed-server");

    /** The quick start's services (docker compose up, no profile): the product description's default stack. */
    static final Set<String> DEFAULT_SERVICES =
            Set.of("bitcoind", "pool-verifier", "template-manager", "sv2-gateway", "rg-auth", "rg-dashboard");

    /** CONTRACTS.md: compose service names are the module names, plus bitcoind, prometheus and grafana. */
    static final Set<String> EVERY_SERVICE = Set.of(
            "bitcoind",
            "pool-verifier",
            "template-manager",
            "sv2-gateway",
            "rg-auth",
            "rg-dashboard",
            "rg-demo-feed",
            "rg-feed-adapter",
            "rg-feed-server",
            "test-miner",
            "prometheus",
            "grafana");

    /** The services built from deploy/docker/Dockerfile, with the HTTP port of their /ready (none: test-miner). */
    static final Map<String, String> OWN_IMAGES = new TreeMap<>(Map.of(
            "pool-verifier", "8081",
            "template-manager", "8082",
            "sv2-gateway", "8080",
            "rg-auth", "3030",
            "rg-dashboard", "8084",
            "rg-demo-feed", "8090",
            "rg-feed-adapter", "8091",
            "rg-feed-server", "8092",
            "test-miner", ""));

    /** The ports table of README.md and docs/deployment.md: service -> published host ports. */
    static final Map<String, Set<String>> DOCUMENTED_PORTS = new TreeMap<>(Map.of(
            "rg-dashboard", Set.of("8084"),
            "sv2-gateway", Set.of("3333", "8080"),
            "pool-verifier", Set.of("8081", "9090"),
            "template-manager", Set.of("8082"),
            "rg-auth", Set.of("3030"),
            "bitcoind", Set.of("18443"),
            "prometheus", Set.of("9091"),
            "grafana", Set.of("3000"),
            "rg-feed-server", Set.of("8092")));

    @BeforeAll
    static void dockerCompose() {
        Compose.requireDockerCompose();
    }

    static Stream<Invocation> everyInvocation() {
        List<Invocation> all = new ArrayList<>();
        all.add(Invocation.of());
        for (String profile : ALL_PROFILES) {
            all.add(Invocation.of(profile));
        }
        all.add(Invocation.of(ALL_PROFILES.toArray(String[]::new)));
        for (String override : List.of("shadow", "relay", "production")) {
            all.add(Invocation.of().withFile("deploy/compose/" + override + ".yml"));
            all.add(Invocation.of(ALL_PROFILES.toArray(String[]::new)).withFile("deploy/compose/" + override + ".yml"));
        }
        all.add(Invocation.of(ALL_PROFILES.toArray(String[]::new))
                .withFile("deploy/compose/relay.yml")
                .withFile("deploy/compose/production.yml"));
        return all.stream();
    }

    static Map<String, String> everythingRequired() {
        Map<String, String> env = Compose.productionEnv();
        env.put("VELDRA_FEED_TOKEN", "feed-token-77aa");
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyInvocation")
    void everyProfileAndOverrideIsValid(Invocation invocation) {
        ToolRun quiet = Compose.config(invocation, everythingRequired(), "-q");
        assertThat(quiet.exitCode()).as(quiet.describe()).isZero();
        Model model = Compose.model(invocation, everythingRequired());
        assertThat(model.activeServices(invocation.profiles())).containsAll(DEFAULT_SERVICES);
    }

    @Test
    void theQuickStartRunsTheDefaultStackAndEachProfileAddsItsOwn() {
        Model model = Compose.model(Invocation.of(), Compose.quickStartEnv());
        assertThat(model.serviceNames()).isEqualTo(EVERY_SERVICE);
        assertThat(model.activeServices(List.of())).isEqualTo(DEFAULT_SERVICES);
        assertThat(added(model, "test")).containsExactly("test-miner");
        assertThat(added(model, "monitoring")).containsExactly("grafana", "prometheus");
        assertThat(added(model, "shadow")).containsExactly("rg-demo-feed", "rg-feed-adapter");
        assertThat(added(model, "feed-server")).containsExactly("rg-feed-server");
        assertThat(model.activeServices(ALL_PROFILES)).isEqualTo(EVERY_SERVICE);
    }

    private static Set<String> added(Model model, String profile) {
        Set<String> added = new TreeSet<>(model.activeServices(List.of(profile)));
        added.removeAll(DEFAULT_SERVICES);
        return added;
    }

    @Test
    void onlyTheDocumentedPortsArePublishedAndOnLoopback() {
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), Compose.quickStartEnv());
        Map<String, Set<String>> published = new TreeMap<>();
        for (Service service : model.services()) {
            for (Port port : service.ports()) {
                assertThat(port.hostIp())
                        .as("%s publishes %s", service.name(), port)
                        .isEqualTo("127.0.0.1");
                published.computeIfAbsent(service.name(), k -> new TreeSet<>()).add(port.published());
            }
        }
        assertThat(published).isEqualTo(DOCUMENTED_PORTS);
        assertThat(model.service("prometheus").ports()).containsExactly(new Port("127.0.0.1", "9091", "9090"));
    }

    @Test
    void aVariableWidensThePublishedAddress() {
        Map<String, String> env = Compose.quickStartEnv();
        env.put("RG_PUBLISH_ADDRESS", "0.0.0.0");
        Model model = Compose.model(Invocation.of(), env);
        assertThat(model.service("sv2-gateway").ports())
                .extracting(Port::hostIp)
                .containsOnly("0.0.0.0");
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndARestartPolicy() {
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), Compose.quickStartEnv());
        for (Service service : model.services()) {
            if (service.name().equals("test-miner")) {
                // A run that exits with its verdict: restarting it or probing it would be wrong.
                assertThat(service.string("restart")).hasValue("no");
                // 1.29 prints `disable: true` as `test: [NONE]`.
                assertThat(Boolean.TRUE.equals(service.healthcheck().get("disable"))
                                || service.healthcheckTest().equals(List.of("NONE")))
                        .as("test-miner's health check is disabled: %s", service.healthcheck())
                        .isTrue();
                continue;
            }
            assertThat(service.string("restart")).as(service.name()).hasValue("unless-stopped");
            assertThat(service.healthcheckTest())
                    .as("%s healthcheck", service.name())
                    .hasSizeGreaterThan(1);
            assertThat(service.healthcheck().get("disable")).as(service.name()).isNotEqualTo(Boolean.TRUE);
            assertThat(service.healthcheckTest()).as(service.name()).doesNotContain("NONE");
        }
    }

    @Test
    void ownImagesAreBuiltFromTheOneDockerfileAndRunAsNonRootOnAReadOnlyRoot() {
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), Compose.quickStartEnv());
        for (Map.Entry<String, String> own : OWN_IMAGES.entrySet()) {
            Service service = model.service(own.getKey());
            assertThat(service.string("image")).hasValue("reservegrid/" + own.getKey() + ":0.1.0");
            assertThat(service.build().get("dockerfile")).isEqualTo("deploy/docker/Dockerfile");
            assertThat(Compose.map(service.build().get("args")).get("SERVICE")).isEqualTo(own.getKey());
            assertThat(service.string("user")).as(own.getKey()).hasValue("10001:10001");
            assertThat(service.raw().get("read_only")).as(own.getKey()).isEqualTo(Boolean.TRUE);
            assertThat(Compose.list(service.raw().get("tmpfs")))
                    .as(own.getKey())
                    .contains("/tmp");
            assertThat(Compose.list(service.raw().get("cap_drop")))
                    .as(own.getKey())
                    .contains("ALL");
            if (own.getValue().isEmpty()) {
                continue;
            }
            Map<String, String> env = service.environment();
            assertThat(env).as(own.getKey()).containsEntry("VELDRA_ALLOW_NON_LOOPBACK", "1");
            assertThat(env.entrySet().stream()
                            .filter(e -> e.getKey().endsWith("_BIND"))
                            .map(Map.Entry::getValue))
                    .as("%s binds every interface of its container", own.getKey())
                    .containsExactly("0.0.0.0");
            // The probe asks the port the service listens on, for /ready.
            List<String> test = service.healthcheckTest();
            assertThat(test).as(own.getKey()).contains("HealthProbe");
            assertThat(test.getLast()).as(own.getKey()).isEqualTo(own.getValue());
            assertThat(env.entrySet().stream()
                            .filter(e -> e.getKey().endsWith("_PORT")
                                    && !e.getValue().isEmpty()
                                    && !e.getKey().contains("TCP")
                                    && !e.getKey().contains("SV2"))
                            .map(Map.Entry::getValue))
                    .as(own.getKey())
                    .containsExactly(own.getValue());
        }
    }

    @Test
    void everyDataDirectoryIsANamedVolume() {
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), Compose.quickStartEnv());
        Map<String, String> dataDirs = new TreeMap<>();
        for (Service service : model.services()) {
            String dir = service.environment().get("VELDRA_DATA_DIR");
            if (dir != null) {
                dataDirs.put(service.name(), dir);
            }
        }
        dataDirs.put("bitcoind", "/home/bitcoin/.bitcoin");
        dataDirs.put("prometheus", "/prometheus");
        dataDirs.put("grafana", "/var/lib/grafana");
        assertThat(dataDirs.keySet())
                .containsExactlyInAnyOrder(
                        "bitcoind",
                        "pool-verifier",
                        "sv2-gateway",
                        "rg-auth",
                        "rg-feed-server",
                        "prometheus",
                        "grafana");
        Set<String> used = new TreeSet<>();
        dataDirs.forEach((name, dir) -> {
            List<Mount> mounts = model.service(name).mounts().stream()
                    .filter(m -> m.target().equals(dir))
                    .toList();
            assertThat(mounts).as("%s's data directory %s", name, dir).hasSize(1);
            assertThat(mounts.getFirst().type()).as(name).isEqualTo("volume");
            assertThat(model.volumeNames()).as(name).contains(mounts.getFirst().source());
            used.add(mounts.getFirst().source());
        });
        assertThat(used).as("every named volume holds a data directory").isEqualTo(model.volumeNames());
        // The rest keep nothing: a read-only root and no volume at all.
        for (String stateless : List.of("template-manager", "rg-dashboard", "rg-demo-feed", "rg-feed-adapter")) {
            assertThat(model.service(stateless).mounts()).as(stateless).isEmpty();
        }
    }

    @Test
    void serviceTrafficStaysOnAnInternalNetwork() {
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), Compose.quickStartEnv());
        assertThat(model.network("backend").get("internal")).isEqualTo(Boolean.TRUE);
        for (Service service : model.services()) {
            assertThat(service.networks()).as(service.name()).contains("backend");
            if (service.ports().isEmpty() && !service.name().equals("rg-feed-adapter")) {
                // Nothing published and nothing to reach outside: no way out at all.
                assertThat(service.networks()).as(service.name()).containsExactly("backend");
            }
        }
    }

    @Test
    void startUpWaitsWhereOrderMatters() {
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), Compose.quickStartEnv());
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (Service service : model.services()) {
            if (!service.dependsOn().isEmpty()) {
                graph.put(service.name(), service.dependsOn());
            }
        }
        assertThat(graph)
                .isEqualTo(Map.of(
                        "template-manager",
                        Map.of("bitcoind", "service_healthy", "pool-verifier", "service_started"),
                        "sv2-gateway",
                        Map.of("template-manager", "service_started"),
                        "rg-dashboard",
                        Map.of("rg-auth", "service_healthy"),
                        "rg-feed-server",
                        Map.of("bitcoind", "service_healthy"),
                        "test-miner",
                        Map.of("sv2-gateway", "service_healthy"),
                        "grafana",
                        Map.of("prometheus", "service_started")));
        Model shadow =
                Compose.model(Invocation.of("shadow").withFile("deploy/compose/shadow.yml"), Compose.quickStartEnv());
        assertThat(shadow.service("template-manager").dependsOn()).containsEntry("rg-feed-adapter", "service_healthy");
        assertThat(shadow.service("template-manager").environment())
                .containsEntry("VELDRA_BITCOIND_RPC_URL", "http://rg-feed-adapter:8091");
        assertThat(shadow.service("rg-feed-adapter").dependsOn()).containsEntry("rg-demo-feed", "service_healthy");
    }

    @Test
    void theReadmesQuickStartWorksWithEnvExampleAsCopied() {
        // Step 1, cp .env.example .env: compose refuses until step 2 fills in the password, and names it.
        String example = Repository.read(".env.example");
        ToolRun copied = Compose.configWithEnvFile(Invocation.of(), example, "-q");
        assertThat(copied.exitCode()).as(copied.describe()).isNotZero();
        assertThat(copied.stdout() + copied.stderr()).contains("VELDRA_BITCOIND_RPC_PASS");
        // Step 2: the password filled in; the regtest payout placeholder reaches the gateway.
        String filled = example.replace(
                "\nVELDRA_BITCOIND_RPC_PASS=\n", "\nVELDRA_BITCOIND_RPC_PASS=" + Compose.RPC_PASS + "\n");
        assertThat(filled).isNotEqualTo(example);
        ToolRun result = Compose.configWithEnvFile(Invocation.of(), filled);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Model model = new Model(Compose.parse(result.stdout()));
        assertThat(model.service("template-manager").environment())
                .containsEntry("VELDRA_BITCOIND_RPC_PASS", Compose.RPC_PASS)
                .containsEntry("VELDRA_BITCOIND_RPC_USER", "reservegrid")
                .containsEntry("VELDRA_BITCOIND_RPC_URL", "http://bitcoind:18443");
        assertThat(model.service("sv2-gateway").environment())
                .containsEntry("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51")
                .containsEntry("VELDRA_MODE", "observe");
        assertThat(model.service("bitcoind").raw().get("command").toString())
                .contains("-chain=regtest", "-rpcuser=reservegrid");
    }

    @Test
    void theQuickStartRefusesToStartWithoutTheRpcPassword() {
        ToolRun result = Compose.config(Invocation.of(), Map.of());
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("VELDRA_BITCOIND_RPC_PASS");
    }

    @Test
    void productionRequiresTheApiKeyAndThePayoutAddressAndHardensEveryService() {
        Invocation production =
                Invocation.of(ALL_PROFILES.toArray(String[]::new)).withFile("deploy/compose/production.yml");
        for (String required : List.of("VELDRA_API_SECRET", "VELDRA_GATEWAY_PAYOUT_ADDRESS", "RG_TLS_DIR")) {
            Map<String, String> env = Compose.productionEnv();
            env.remove(required);
            ToolRun result = Compose.config(production, env);
            assertThat(result.exitCode())
                    .as("without %s: %s", required, result.describe())
                    .isNotZero();
            assertThat(result.stdout() + result.stderr()).contains(required);
        }
        Model model = Compose.model(production, Compose.productionEnv());
        assertThat(model.service("pool-verifier").environment())
                .containsEntry("VELDRA_API_SECRET", Compose.API_SECRET)
                .containsEntry("VELDRA_API_LOCALHOST_BYPASS", "0");
        assertThat(model.service("rg-dashboard").environment()).containsEntry("VELDRA_API_SECRET", Compose.API_SECRET);
        assertThat(model.service("sv2-gateway").environment())
                .containsEntry("VELDRA_GATEWAY_PAYOUT_SCRIPT", "")
                .containsEntry("VELDRA_GATEWAY_PAYOUT_ADDRESS", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
        assertThat(model.service("rg-feed-server").environment()).containsEntry("VELDRA_TLS_MODE", "file");
        assertThat(model.service("rg-feed-server").mounts())
                .contains(new Mount("bind", "/etc/ssl/reservegrid", "/etc/reservegrid/tls"));
        for (Service service : model.services()) {
            assertThat(service.raw()).as("%s memory limit", service.name()).containsKey("mem_limit");
            assertThat(service.raw()).as("%s cpu limit", service.name()).containsKey("cpus");
            if (OWN_IMAGES.containsKey(service.name()) && !service.name().equals("test-miner")) {
                assertThat(service.environment()).as(service.name()).containsEntry("VELDRA_LOG_FORMAT", "json");
            }
        }
    }

    /** A key or flag that holds a secret: its value in a compose file may only be a ${...} reference or empty. */
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "^\\s*-?\\s*(-rpcpassword=|(?:[A-Z0-9]+_)*(PASS|SECRET|TOKEN|TOKENS|PASSWORD|DATABASE_URL)(?:_[A-Z0-9]+)*:)\\s*(.*)$");

    @Test
    void noComposeFileHoldsASecretValue() {
        List<String> findings = new ArrayList<>();
        int checked = 0;
        for (String file : List.of(
                "docker-compose.yml",
                "deploy/compose/shadow.yml",
                "deploy/compose/relay.yml",
                "deploy/compose/production.yml")) {
            String[] lines = Repository.read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher setting = SECRET_SETTING.matcher(lines[i]);
                if (!setting.matches()) {
                    continue;
                }
                checked++;
                String value = setting.group(3).strip();
                if (!(value.startsWith("${") || value.equals("\"\"") || value.startsWith("$${"))) {
                    findings.add(file + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertThat(checked).as("secret settings found to check").isGreaterThan(10);
        assertThat(findings).as("secret values written into compose files").isEmpty();
    }

    @Test
    void eachSecretReachesOnlyTheServicesThatUseIt() {
        Map<String, String> env = Compose.quickStartEnv();
        env.put("VELDRA_API_SECRET", Compose.API_SECRET);
        env.put("VELDRA_AUTH_SMTP_PASS", "smtp-pass-31c9");
        env.put("VELDRA_FEED_SERVER_TOKENS", "feed-token-77aa");
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), env);
        assertThat(holders(model, Compose.RPC_PASS))
                .containsExactlyInAnyOrder("bitcoind", "template-manager", "rg-feed-adapter", "rg-feed-server");
        assertThat(holders(model, Compose.API_SECRET)).containsExactlyInAnyOrder("pool-verifier", "rg-dashboard");
        assertThat(holders(model, "smtp-pass-31c9")).containsExactly("rg-auth");
        assertThat(holders(model, "feed-token-77aa")).containsExactly("rg-feed-server");
    }

    private static Set<String> holders(Model model, String secret) {
        Set<String> holders = new TreeSet<>();
        for (Service service : model.services()) {
            if (String.valueOf(service.raw()).contains(secret)) {
                holders.add(service.name());
            }
        }
        return holders;
    }

    @Test
    void everyVariableAServiceReadsIsSetOrPassedThroughByCompose() {
        Model model = Compose.model(Invocation.of(ALL_PROFILES.toArray(String[]::new)), Compose.quickStartEnv());
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (String service : OWN_IMAGES.keySet()) {
            Set<String> reads = new TreeSet<>(EnvScan.readBy(service));
            reads.removeAll(NOT_PASSED.getOrDefault(service, Set.of()));
            reads.removeAll(model.service(service).environment().keySet());
            if (!reads.isEmpty()) {
                missing.put(service, reads);
            }
        }
        assertThat(missing)
                .as("variables a service reads that docker-compose.yml neither sets nor passes through from .env")
                .isEmpty();
    }

    /** Read by a service, deliberately not passed by docker-compose.yml. */
    static final Map<String, Set<String>> NOT_PASSED = Map.of(
            // One VELDRA_TLS_MODE in .env would reach every service alike, and the verifier's TLS would lock out
            // template-manager, whose verifier client is plaintext TCP; production.yml sets TLS per service.
            "pool-verifier", Set.of("VELDRA_TLS_MODE", "VELDRA_TLS_CERT", "VELDRA_TLS_KEY"),
            "rg-auth", Set.of("VELDRA_TLS_MODE", "VELDRA_TLS_CERT", "VELDRA_TLS_KEY"),
            "rg-feed-server", Set.of("VELDRA_TLS_MODE", "VELDRA_TLS_CERT", "VELDRA_TLS_KEY"));
}
