package org.reservegrid.deploysuite.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.deploysuite.helm.Manifest.map;
import static org.reservegrid.deploysuite.helm.Manifest.maps;
import static org.reservegrid.deploysuite.helm.Manifest.string;
import static org.reservegrid.deploysuite.helm.Manifest.strings;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the rendered objects promise, read from helm template's output: probes on each service's own HTTP port, locked
 * down containers, secrets only through secretKeyRef, a PodDisruptionBudget and a NetworkPolicy per workload, the
 * gateway as a StatefulSet whose replicas each get their own volume.
 */
class RenderedObjectsTests {
    /** Each service's HTTP port (health, readiness, metrics), as docs/<service>.md and CONTRACTS.md give them. */
    static final Map<String, Integer> HTTP_PORTS = Map.of(
            "pool-verifier", 8081,
            "template-manager", 8082,
            "sv2-gateway", 8080,
            "rg-auth", 3030,
            "rg-dashboard", 8084,
            "rg-demo-feed", 8090,
            "rg-feed-adapter", 8091,
            "rg-feed-server", 8092);

    /** A variable whose value is a secret: it must come from a Secret. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|_PASS|TOKEN|TOKENS|PASSWORD|DATABASE_URL|_KEY)$");

    private static final Map<ChartValues, List<Manifest>> RENDERS = new EnumMap<>(ChartValues.class);

    @BeforeAll
    static void render() {
        Chart chart = Chart.required();
        for (ChartValues values : ChartValues.values()) {
            RENDERS.put(values, chart.render(values));
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void eachEnabledServiceIsOneWorkload(ChartValues values) {
        assertThat(workloads(values).stream().map(RenderedObjectsTests::service))
                .containsExactlyInAnyOrderElementsOf(values.services());
    }

    @Test
    void togetherTheRendersCoverEveryService() {
        Set<String> covered = new HashSet<>();
        for (ChartValues values : ChartValues.values()) {
            workloads(values).forEach(w -> covered.add(service(w)));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(HTTP_PORTS.keySet());
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void servicesWithDataAreStatefulSetsAndTheRestDeployments(ChartValues values) {
        Map<String, String> kinds =
                workloads(values).stream().collect(Collectors.toMap(RenderedObjectsTests::service, Manifest::kind));

        assertThat(kinds).containsEntry("pool-verifier", "StatefulSet").containsEntry("sv2-gateway", "StatefulSet");
        // The embedded auth database lives in a volume; with PostgreSQL (production values) rg-auth keeps nothing.
        assertThat(kinds).containsEntry("rg-auth", values == ChartValues.DEMO ? "StatefulSet" : "Deployment");
        kinds.forEach((service, kind) -> {
            if (!Set.of("pool-verifier", "sv2-gateway", "rg-auth").contains(service)) {
                assertThat(kind).as(service).isEqualTo("Deployment");
            }
        });
        for (Manifest set : kind(values, "StatefulSet")) {
            assertThat(dataVolumeClaim(set))
                    .as(set + " has a data volume claim")
                    .isNotEmpty();
            assertThat(mountPaths(set.containers().getFirst()))
                    .as(set.toString())
                    .contains("/var/lib/reservegrid");
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyContainerHasLivenessAndReadinessOnItsHttpPort(ChartValues values) {
        SoftAssertions soft = new SoftAssertions();
        for (Manifest workload : workloads(values)) {
            int expectedPort = HTTP_PORTS.get(service(workload));
            for (Map<String, Object> container : workload.containers()) {
                String where = workload + " container " + string(container, "name");
                soft.assertThat(probe(container, "livenessProbe", "path"))
                        .as(where + " liveness")
                        .isEqualTo("/health");
                soft.assertThat(probe(container, "readinessProbe", "path"))
                        .as(where + " readiness")
                        .isEqualTo("/ready");
                soft.assertThat(probePort(container, "livenessProbe"))
                        .as(where + " liveness port")
                        .isEqualTo(expectedPort);
                soft.assertThat(probePort(container, "readinessProbe"))
                        .as(where + " readiness port")
                        .isEqualTo(expectedPort);
            }
            // The Service in front of it exposes the same port, named http (what the ServiceMonitor scrapes).
            Manifest service = clusterService(values, service(workload));
            soft.assertThat(maps(service.spec(), "ports"))
                    .as(service.toString())
                    .anySatisfy(port -> {
                        assertThat(port).containsEntry("name", "http").containsEntry("port", expectedPort);
                    });
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void noContainerIsPrivilegedAndEachRunsLockedDown(ChartValues values) {
        SoftAssertions soft = new SoftAssertions();
        for (Manifest workload : workloads(values)) {
            Map<String, Object> pod = workload.podSpec();
            Map<String, Object> podSecurity = map(pod, "securityContext");
            soft.assertThat(podSecurity.get("runAsNonRoot"))
                    .as(workload + " pod runAsNonRoot")
                    .isEqualTo(true);
            soft.assertThat(string(map(podSecurity, "seccompProfile"), "type"))
                    .as(workload + " pod seccomp")
                    .isEqualTo("RuntimeDefault");
            soft.assertThat(pod.get("automountServiceAccountToken"))
                    .as(workload + " token")
                    .isEqualTo(false);
            for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
                soft.assertThat(pod.get(hostAccess))
                        .as(workload + " " + hostAccess)
                        .isNotEqualTo(true);
            }
            for (Map<String, Object> container : workload.containers()) {
                String where = workload + " container " + string(container, "name");
                Map<String, Object> security = map(container, "securityContext");
                soft.assertThat(security.get("privileged"))
                        .as(where + " privileged")
                        .isEqualTo(false);
                soft.assertThat(security.get("allowPrivilegeEscalation"))
                        .as(where + " allowPrivilegeEscalation")
                        .isEqualTo(false);
                soft.assertThat(security.get("readOnlyRootFilesystem"))
                        .as(where + " readOnlyRootFilesystem")
                        .isEqualTo(true);
                soft.assertThat(security.get("runAsNonRoot"))
                        .as(where + " runAsNonRoot")
                        .isEqualTo(true);
                soft.assertThat(((Number) security.getOrDefault("runAsUser", 0)).intValue())
                        .as(where + " runAsUser")
                        .isPositive();
                soft.assertThat(strings(map(security, "capabilities"), "drop"))
                        .as(where + " drop")
                        .containsExactly("ALL");
                soft.assertThat(strings(map(security, "capabilities"), "add"))
                        .as(where + " add")
                        .isEmpty();
                soft.assertThat(string(map(security, "seccompProfile"), "type"))
                        .as(where + " seccomp")
                        .isEqualTo("RuntimeDefault");
                // A read-only root needs somewhere to write temporary files, and VELDRA_DATA_DIR must be writable.
                soft.assertThat(mountPaths(container)).as(where + " mounts").contains("/tmp", "/var/lib/reservegrid");
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everySecretVariableComesFromASecretKeyRef(ChartValues values) {
        SoftAssertions soft = new SoftAssertions();
        Set<String> fromSecrets = new HashSet<>();
        for (Manifest workload : workloads(values)) {
            for (Map<String, Object> container : workload.containers()) {
                soft.assertThat(maps(container, "envFrom"))
                        .as(workload + " envFrom")
                        .isEmpty();
                for (Map<String, Object> env : maps(container, "env")) {
                    String name = string(env, "name");
                    Map<String, Object> ref = map(map(env, "valueFrom"), "secretKeyRef");
                    if (!ref.isEmpty()) {
                        fromSecrets.add(service(workload) + " " + name);
                    }
                    if (SECRET_NAME.matcher(name).matches()) {
                        String where = workload + " " + name;
                        soft.assertThat(env).as(where + " has no literal value").doesNotContainKey("value");
                        soft.assertThat(ref).as(where + " secretKeyRef").containsKeys("name", "key");
                    }
                }
            }
        }
        // The checks above met the real secrets of these values, each through a secretKeyRef.
        soft.assertThat(fromSecrets).containsExactlyInAnyOrderElementsOf(expectedSecretVariables(values));
        for (Manifest config : kind(values, "ConfigMap")) {
            soft.assertThat(map(config.object(), "data").keySet())
                    .as(config + " keys")
                    .noneMatch(key -> SECRET_NAME
                            .matcher(key.toUpperCase(java.util.Locale.ROOT))
                            .matches());
        }
        soft.assertAll();
    }

    private static Set<String> expectedSecretVariables(ChartValues values) {
        return switch (values) {
            case DEMO ->
                Set.of(
                        "pool-verifier VELDRA_API_SECRET",
                        "rg-dashboard VELDRA_API_SECRET",
                        "template-manager VELDRA_BITCOIND_RPC_USER",
                        "template-manager VELDRA_BITCOIND_RPC_PASS",
                        "rg-feed-adapter VELDRA_BITCOIND_RPC_USER",
                        "rg-feed-adapter VELDRA_BITCOIND_RPC_PASS",
                        "rg-feed-adapter VELDRA_FEED_TOKEN",
                        "rg-demo-feed VELDRA_DEMO_FEED_TOKEN");
            case PRODUCTION ->
                Set.of(
                        "pool-verifier VELDRA_API_SECRET",
                        "rg-dashboard VELDRA_API_SECRET",
                        "template-manager VELDRA_BITCOIND_RPC_USER",
                        "template-manager VELDRA_BITCOIND_RPC_PASS",
                        "rg-feed-server VELDRA_BITCOIND_RPC_USER",
                        "rg-feed-server VELDRA_BITCOIND_RPC_PASS",
                        "rg-auth VELDRA_AUTH_DATABASE_URL",
                        "rg-auth VELDRA_AUTH_SMTP_USER",
                        "rg-auth VELDRA_AUTH_SMTP_PASS");
        };
    }

    /** Without existingSecret the chart makes the Secret: an API secret of its own, no key for an unset value. */
    @Test
    void theDemoSecretHasAGeneratedApiSecretAndNothingElse() {
        Manifest secret = kind(ChartValues.DEMO, "Secret").getFirst();
        Map<String, Object> data = map(secret.object(), "data");

        assertThat(secret.name()).isEqualTo(ChartValues.RELEASE + "-secrets");
        assertThat(data.keySet()).containsExactly("api-secret");
        String apiSecret = new String(
                java.util.Base64.getDecoder().decode(string(data, "api-secret")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(apiSecret).hasSize(48).matches("[A-Za-z0-9]+");
    }

    @Test
    void productionTakesEverySecretFromTheOperatorsSecretAndCreatesNone() {
        assertThat(kind(ChartValues.PRODUCTION, "Secret")).isEmpty();
        Set<String> referenced = new HashSet<>();
        for (Manifest workload : workloads(ChartValues.PRODUCTION)) {
            for (Map<String, Object> container : workload.containers()) {
                for (Map<String, Object> env : maps(container, "env")) {
                    String secret = string(map(map(env, "valueFrom"), "secretKeyRef"), "name");
                    if (!secret.isEmpty()) {
                        referenced.add(secret);
                    }
                }
            }
            for (Map<String, Object> volume : maps(workload.podSpec(), "volumes")) {
                String secret = string(map(volume, "secret"), "secretName");
                if (!secret.isEmpty()) {
                    referenced.add(secret);
                }
            }
        }
        assertThat(referenced).containsExactlyInAnyOrder("reservegrid-secrets", "reservegrid-noise");
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void servicesBindAllAddressesInsidePods(ChartValues values) {
        for (Manifest workload : workloads(values)) {
            Map<String, String> env = plainEnv(workload.containers().getFirst());
            assertThat(env).as(workload.toString()).containsEntry("VELDRA_ALLOW_NON_LOOPBACK", "1");
            assertThat(env.entrySet()).as(workload + " binds 0.0.0.0").anySatisfy(e -> {
                assertThat(e.getKey()).endsWith("_BIND");
                assertThat(e.getValue()).isEqualTo("0.0.0.0");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void imagesAreTheProjectsOwnAtTheChartsVersion(ChartValues values) {
        String registry = values == ChartValues.PRODUCTION ? "registry.example.com/" : "";
        for (Manifest workload : workloads(values)) {
            assertThat(string(workload.containers().getFirst(), "image"))
                    .isEqualTo(registry + "reservegrid/" + service(workload) + ":0.1.0");
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyWorkloadHasAPodDisruptionBudgetSelectingItsPods(ChartValues values) {
        List<Manifest> budgets = kind(values, "PodDisruptionBudget");
        for (Manifest workload : workloads(values)) {
            assertThat(budgets).as(workload + " has a PodDisruptionBudget").anySatisfy(pdb -> {
                assertThat(selects(map(map(pdb.spec(), "selector"), "matchLabels"), workload))
                        .isTrue();
                assertThat(pdb.spec()).containsKey("maxUnavailable");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyWorkloadIsFencedByANetworkPolicyForBothDirections(ChartValues values) {
        List<Manifest> policies = kind(values, "NetworkPolicy");
        assertThat(policies).hasSameSizeAs(workloads(values));
        for (Manifest workload : workloads(values)) {
            Manifest policy = policyOf(values, workload);
            assertThat(strings(policy.spec(), "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
            // Nothing but the documented ports comes in: each ingress rule names its ports.
            for (Map<String, Object> rule : maps(policy.spec(), "ingress")) {
                assertThat(maps(rule, "ports"))
                        .as(policy + " ingress rule " + rule)
                        .isNotEmpty();
            }
            for (Map<String, Object> rule : maps(policy.spec(), "egress")) {
                assertThat(maps(rule, "ports"))
                        .as(policy + " egress rule " + rule)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void theNetworkPoliciesAllowTheDocumentedFlows() {
        ChartValues demo = ChartValues.DEMO;
        // Who may reach the verifier's TCP port: template-manager only.
        assertThat(ingressFrom(demo, "pool-verifier", 9090)).containsExactly("template-manager");
        assertThat(ingressFrom(demo, "pool-verifier", 8081)).containsExactlyInAnyOrder("rg-dashboard", "prometheus");
        assertThat(ingressFrom(demo, "template-manager", 8082))
                .containsExactlyInAnyOrder("rg-dashboard", "pool-verifier", "sv2-gateway", "prometheus");
        assertThat(ingressFrom(demo, "rg-auth", 3030)).containsExactlyInAnyOrder("rg-dashboard", "prometheus");
        assertThat(ingressFrom(demo, "sv2-gateway", 8080)).containsExactlyInAnyOrder("rg-dashboard", "prometheus");
        assertThat(ingressFrom(demo, "sv2-gateway", 3333)).containsExactly("anyone");
        assertThat(ingressFrom(demo, "rg-dashboard", 8084)).containsExactly("anyone");
        assertThat(ingressFrom(ChartValues.PRODUCTION, "rg-dashboard", 8084))
                .containsExactlyInAnyOrder("namespace ingress-nginx", "prometheus");
        assertThat(ingressFrom(demo, "rg-feed-adapter", 8091))
                .containsExactlyInAnyOrder("template-manager", "prometheus");
        assertThat(ingressFrom(demo, "rg-demo-feed", 8090)).containsExactlyInAnyOrder("rg-feed-adapter", "prometheus");
        assertThat(ingressFrom(ChartValues.PRODUCTION, "rg-feed-server", 8092))
                .containsExactlyInAnyOrder("rg-feed-adapter", "198.51.100.0/24", "prometheus");

        assertThat(egressTo(demo, "rg-dashboard"))
                .containsExactlyInAnyOrder(
                        "rg-auth:3030", "pool-verifier:8081", "template-manager:8082", "sv2-gateway:8080", "dns:53");
        assertThat(egressTo(demo, "template-manager"))
                .containsExactlyInAnyOrder("pool-verifier:9090", "rg-feed-adapter:8091", "dns:53");
        assertThat(egressTo(ChartValues.PRODUCTION, "template-manager"))
                .containsExactlyInAnyOrder("pool-verifier:9090", "bitcoind:8332", "bitcoind:28332", "dns:53");
        assertThat(egressTo(demo, "pool-verifier")).containsExactlyInAnyOrder("template-manager:8082", "dns:53");
        assertThat(egressTo(demo, "sv2-gateway")).containsExactlyInAnyOrder("template-manager:8082", "dns:53");
        assertThat(egressTo(demo, "rg-feed-adapter")).containsExactlyInAnyOrder("rg-demo-feed:8090", "dns:53");
        assertThat(egressTo(demo, "rg-demo-feed")).containsExactly("dns:53");
        assertThat(egressTo(ChartValues.PRODUCTION, "rg-feed-server"))
                .containsExactlyInAnyOrder("bitcoind:8332", "dns:53");
        assertThat(egressTo(ChartValues.PRODUCTION, "rg-auth"))
                .containsExactlyInAnyOrder("203.0.113.25/32:587", "10.20.0.0/24:5432", "dns:53");
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void theGatewayIsAStatefulSetWhoseReplicasEachGetTheirOwnShareLogVolume(ChartValues values) {
        Manifest gateway = workload(values, "sv2-gateway");

        assertThat(gateway.kind()).isEqualTo("StatefulSet");
        assertThat(gateway.spec()).containsEntry("replicas", values.gatewayReplicas());
        Map<String, Object> claim = dataVolumeClaim(gateway);
        assertThat(claim).isNotEmpty();
        assertThat(strings(map(claim, "spec"), "accessModes")).containsExactly("ReadWriteOnce");
        // The share log is not thrown away when the set shrinks or goes: the payout system still has to read it.
        assertThat(map(gateway.spec(), "persistentVolumeClaimRetentionPolicy"))
                .containsEntry("whenScaled", "Retain")
                .containsEntry("whenDeleted", "Retain");
        assertThat(plainEnv(gateway.containers().getFirst())).containsEntry("VELDRA_DATA_DIR", "/var/lib/reservegrid");
        // One Service for miners in front of every replica, on the SV2 port.
        Manifest sv2 = named(values, "Service", ChartValues.RELEASE + "-sv2-gateway-sv2");
        assertThat(selects(map(sv2.spec(), "selector"), gateway)).isTrue();
        assertThat(maps(sv2.spec(), "ports"))
                .singleElement()
                .satisfies(port -> assertThat(port).containsEntry("port", 3333));
        if (values.gatewayReplicas() > 1) {
            // Every replica presents the same Noise identity.
            assertThat(plainEnv(gateway.containers().getFirst()))
                    .containsKeys(
                            "VELDRA_NOISE_SERVER_KEY_PATH", "VELDRA_NOISE_CERT_PATH", "VELDRA_NOISE_AUTHORITY_PUBKEY");
        }
    }

    @Test
    void theServiceMonitorScrapesEveryServiceByItsName() {
        Manifest monitor = kind(ChartValues.PRODUCTION, "ServiceMonitor").getFirst();
        Map<String, Object> selector = map(map(monitor.spec(), "selector"), "matchLabels");
        assertThat(monitor.spec()).containsEntry("jobLabel", "app.kubernetes.io/name");
        assertThat(maps(monitor.spec(), "endpoints"))
                .singleElement()
                .satisfies(endpoint ->
                        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics"));
        Set<String> scraped = kind(ChartValues.PRODUCTION, "Service").stream()
                .filter(s -> map(s.object(), "metadata").get("labels") instanceof Map<?, ?> labels
                        && labels.entrySet().containsAll(selector.entrySet()))
                .map(s -> string(map(map(s.object(), "metadata"), "labels"), "app.kubernetes.io/name"))
                .collect(Collectors.toSet());
        // One scraped Service per workload (headless and SV2 Services are not scraped twice).
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(ChartValues.PRODUCTION.services());
        assertThat(kind(ChartValues.PRODUCTION, "Service").stream()
                        .filter(s -> map(map(s.object(), "metadata"), "labels").containsKey("reservegrid.io/metrics")))
                .hasSameSizeAs(scraped);
    }

    // Reading the renders.

    private static List<Manifest> kind(ChartValues values, String kind) {
        return RENDERS.get(values).stream().filter(m -> m.kind().equals(kind)).toList();
    }

    private static List<Manifest> workloads(ChartValues values) {
        return RENDERS.get(values).stream().filter(Manifest::isWorkload).toList();
    }

    private static Manifest workload(ChartValues values, String service) {
        return workloads(values).stream()
                .filter(w -> service(w).equals(service))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no workload for " + service));
    }

    private static Manifest named(ChartValues values, String kind, String name) {
        return kind(values, kind).stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** The module a workload runs (its app.kubernetes.io/name). */
    private static String service(Manifest workload) {
        return string(workload.podLabels(), "app.kubernetes.io/name");
    }

    private static Manifest clusterService(ChartValues values, String service) {
        return named(values, "Service", ChartValues.RELEASE + "-" + service);
    }

    private static Manifest policyOf(ChartValues values, Manifest workload) {
        return kind(values, "NetworkPolicy").stream()
                .filter(p -> selects(map(map(p.spec(), "podSelector"), "matchLabels"), workload))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy selects " + workload));
    }

    private static boolean selects(Map<String, Object> matchLabels, Manifest workload) {
        return !matchLabels.isEmpty() && workload.podLabels().entrySet().containsAll(matchLabels.entrySet());
    }

    private static Map<String, Object> dataVolumeClaim(Manifest statefulSet) {
        return maps(statefulSet.spec(), "volumeClaimTemplates").stream()
                .filter(claim -> string(map(claim, "metadata"), "name").equals("data"))
                .findFirst()
                .orElse(Map.of());
    }

    private static Set<String> mountPaths(Map<String, Object> container) {
        return maps(container, "volumeMounts").stream()
                .map(m -> string(m, "mountPath"))
                .collect(Collectors.toSet());
    }

    private static Map<String, String> plainEnv(Map<String, Object> container) {
        return maps(container, "env").stream()
                .filter(e -> e.containsKey("value"))
                .collect(Collectors.toMap(e -> string(e, "name"), e -> string(e, "value")));
    }

    private static String probe(Map<String, Object> container, String probe, String field) {
        return string(map(map(container, probe), "httpGet"), field);
    }

    /** The probe's port as a number: a port name is resolved through the container's ports. */
    private static int probePort(Map<String, Object> container, String probe) {
        Object port = map(map(container, probe), "httpGet").get("port");
        if (port instanceof Number number) {
            return number.intValue();
        }
        return maps(container, "ports").stream()
                .filter(p -> string(p, "name").equals(String.valueOf(port)))
                .map(p -> ((Number) p.get("containerPort")).intValue())
                .findFirst()
                .orElse(-1);
    }

    /** Who may open the port: service names for pods of this release, "prometheus", a CIDR, or "anyone". */
    private static Set<String> ingressFrom(ChartValues values, String service, int port) {
        Set<String> peers = new HashSet<>();
        for (Map<String, Object> rule :
                maps(policyOf(values, workload(values, service)).spec(), "ingress")) {
            if (maps(rule, "ports").stream()
                    .noneMatch(p -> Integer.valueOf(port).equals(p.get("port")))) {
                continue;
            }
            List<Map<String, Object>> from = maps(rule, "from");
            if (from.isEmpty()) {
                peers.add("anyone");
            }
            from.forEach(peer -> peers.add(describe(peer)));
        }
        return peers;
    }

    /** Where the service may connect, as peer:port. */
    private static Set<String> egressTo(ChartValues values, String service) {
        Set<String> flows = new HashSet<>();
        for (Map<String, Object> rule :
                maps(policyOf(values, workload(values, service)).spec(), "egress")) {
            List<Map<String, Object>> to = maps(rule, "to");
            for (Map<String, Object> port : maps(rule, "ports")) {
                if (to.isEmpty()) {
                    flows.add("anyone:" + port.get("port"));
                }
                to.forEach(peer -> flows.add(describe(peer) + ":" + port.get("port")));
            }
        }
        return flows;
    }

    private static String describe(Map<String, Object> peer) {
        Map<String, Object> pods = map(map(peer, "podSelector"), "matchLabels");
        if (!map(peer, "ipBlock").isEmpty()) {
            return string(map(peer, "ipBlock"), "cidr");
        }
        if (string(pods, "k8s-app").equals("kube-dns")) {
            return "dns";
        }
        if (!map(peer, "namespaceSelector").isEmpty()
                && string(pods, "app.kubernetes.io/name").equals("prometheus")) {
            return "prometheus";
        }
        if (!map(peer, "namespaceSelector").isEmpty() && pods.isEmpty()) {
            return "namespace "
                    + string(map(map(peer, "namespaceSelector"), "matchLabels"), "kubernetes.io/metadata.name");
        }
        if (!map(peer, "namespaceSelector").isEmpty()) {
            return string(pods, "app.kubernetes.io/name"); // a peer in another namespace (the node in production)
        }
        return string(pods, "app.kubernetes.io/name");
    }
}
