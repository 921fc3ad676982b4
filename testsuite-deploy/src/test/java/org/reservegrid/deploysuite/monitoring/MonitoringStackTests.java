package org.reservegrid.deploysuite.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reservegrid.deploysuite.monitoring.MonitoringFiles.Rule;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.TestData;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.RgStack;
import org.reservegrid.testkit.process.ToolRun;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's) scraping the real stack: {@code VELDRA_MODE=observe scripts/rg up --monitoring} from
 * the packaged jars, on free ports in its own state directory (like the dashboard's browser suite), with a 1 s
 * scrape and rule interval; {@code scripts/rg test-miner} submits shares; then everything is read back through
 * Prometheus's HTTP API: every target up, every service ready, verdicts, templates and accepted shares counted,
 * SRI's names equal to ours, every rule loaded and healthy with no alert firing, and every metric name the rules and
 * the Grafana dashboards use present in what Prometheus scraped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringStackTests {
    /** The services an observe-mode stack on the demo feed runs: each must be a scraped target. */
    private static final Set<String> OBSERVE_STACK = Set.copyOf(RgStack.OBSERVE_SERVICES);

    private static final List<String> PORT_VARIABLES = List.of(
            "VELDRA_AUTH_PORT",
            "VELDRA_DASHBOARD_PORT",
            "VELDRA_DEMO_FEED_PORT",
            "VELDRA_FEED_ADAPTER_PORT",
            "VELDRA_VERIFIER_HTTP_PORT",
            "VELDRA_VERIFIER_TCP_PORT",
            "VELDRA_TEMPLATE_MANAGER_HTTP_PORT",
            "VELDRA_GATEWAY_HTTP_PORT",
            "VELDRA_GATEWAY_SV2_PORT",
            "VELDRA_PROMETHEUS_PORT");
    private static final int MINER_SHARES = 5;

    private @Nullable RgStack stack;
    private Http prometheus = Http.loopback(9091);

    @BeforeAll
    void startTheStackWithPrometheusAndMine() throws Exception {
        Promtool.require("prometheus");
        RgStack.requireJars();
        RgStack stack =
                new RgStack(TestData.repositoryRoot().resolve("testsuite-deploy/target/monitoring-stack-state"));
        Set<Integer> ports = new HashSet<>();
        for (String variable : PORT_VARIABLES) {
            int port;
            do {
                port = FreePorts.loopback();
            } while (!ports.add(port));
            stack.set(variable, Integer.toString(port));
        }
        stack.set("VELDRA_MODE", "observe");
        stack.set("RG_PROMETHEUS_SCRAPE_INTERVAL", "1s");
        // Seven JVMs one after another on a small machine: C1 starts them quicker; 300 s for a loaded machine.
        stack.set("RG_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto");
        stack.set("RG_READY_TIMEOUT_SECS", "300");
        prometheus = Http.loopback(Integer.parseInt(stack.get("VELDRA_PROMETHEUS_PORT")));
        this.stack = stack;

        stack.clearLeftovers(); // a killed earlier run may have left its stack behind
        ToolRun up = stack.rg(Duration.ofMinutes(15), "up", "--monitoring");
        assertThat(up.exitCode())
                .as("scripts/rg up --monitoring:\n%s", up.output())
                .isZero();
        assertThat(up.output()).contains("rg: prometheus ready");
        ToolRun status = stack.rg(Duration.ofMinutes(1), "status");
        assertThat(status.exitCode())
                .as("scripts/rg status:\n%s", status.output())
                .isZero();
        assertThat(status.output()).containsPattern("prometheus +READY");

        ToolRun miner = stack.rg(
                Duration.ofMinutes(5),
                "test-miner",
                "--shares",
                Integer.toString(MINER_SHARES),
                "--interval-secs",
                "1");
        assertThat(miner.exitCode())
                .as("scripts/rg test-miner:\n%s", miner.output())
                .isZero();
        // Scraped every second: the miner's shares reach Prometheus within a few scrapes.
        awaitValue(
                "the miner's accepted shares in Prometheus",
                "sum(rg_gateway_shares_total{outcome=\"accepted\"})",
                value -> value >= MINER_SHARES);
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            ToolRun down = stack.down();
            System.out.println("[monitoring-stack] scripts/rg down:\n" + down.output());
        }
    }

    @Test
    void everyServiceOfTheStackIsAScrapedTargetAndUp() {
        JsonNode targets = api("/api/v1/targets?state=active");
        Map<String, String> healthByJob = new TreeMap<>();
        for (JsonNode target : targets.path("activeTargets")) {
            String job = target.path("labels").path("job").asString();
            healthByJob.put(
                    job,
                    target.path("health").asString() + " "
                            + target.path("lastError").asString());
            assertThat(target.path("scrapeUrl").asString())
                    .as(job)
                    .startsWith("http://127.0.0.1:")
                    .endsWith("/metrics");
        }
        assertThat(healthByJob.keySet()).containsAll(OBSERVE_STACK);
        assertThat(healthByJob.keySet()).isSubsetOf(MonitoringFiles.JOBS.keySet());
        assertThat(healthByJob)
                .allSatisfy((job, health) -> assertThat(health).as(job).isEqualTo("up "));
        // The same through the up series: 1 for every target.
        Map<String, Double> up = byJob(query("up"));
        assertThat(up.keySet()).isEqualTo(healthByJob.keySet());
        assertThat(up).allSatisfy((job, value) -> assertThat(value).as(job).isEqualTo(1.0));
    }

    @Test
    void everyServiceReportsItselfReady() {
        Map<String, Double> ready = byJob(query("rg_ready"));
        assertThat(ready.keySet()).containsAll(OBSERVE_STACK);
        assertThat(ready)
                .allSatisfy((job, value) ->
                        assertThat(value).as("rg_ready of " + job).isEqualTo(1.0));
    }

    @Test
    void theKeySeriesHaveSaneValues() {
        assertThat(scalar("sum(rg_verifier_verdicts_total)")).as("verdicts").isPositive();
        // No count of accepted verdicts: the demo feed's mainnet_like templates may all be rejected in a short run.
        assertThat(scalar("sum(rg_templates_total)")).as("templates published").isPositive();
        assertThat(scalar("sum(rg_gateway_templates_total{result=\"received\"})"))
                .as("templates at the gateway")
                .isPositive();
        assertThat(scalar("max(rg_template_age_seconds)"))
                .as("newest template age (s)")
                .isBetween(0.0, 60.0);
        assertThat(scalar("min(rg_template_verifier_connected)"))
                .as("template-manager to verifier")
                .isEqualTo(1.0);
        assertThat(scalar("min(rg_gateway_template_stream_connected)"))
                .as("gateway template stream")
                .isEqualTo(1.0);
        assertThat(scalar("sum(rg_verifier_mempool_tx_count)"))
                .as("mempool transactions")
                .isPositive();
        double accepted = scalar("sum(rg_gateway_shares_total{outcome=\"accepted\"})");
        assertThat(accepted).as("accepted shares").isGreaterThanOrEqualTo(MINER_SHARES);
        assertThat(scalar("sum(rg_gateway_shares_total{outcome=\"rejected\"})"))
                .as("rejected shares")
                .isZero();
        assertThat(scalar("sum(rg_gateway_channel_opens_total{result=\"opened\"})"))
                .as("channels opened")
                .isGreaterThanOrEqualTo(1.0);
        assertThat(scalar("sum(rg_verifier_history_write_failures_total) + sum(rg_verifier_history_dropped_total)"))
                .as("verdict history losses")
                .isZero();
    }

    @Test
    void srisNamesCarryTheSameValuesAsOurs() {
        assertThat(scalar("sum(sv2_client_shares_accepted_total)"))
                .isEqualTo(scalar("sum(rg_gateway_shares_total{outcome=~\"accepted|block\"})"))
                .isGreaterThanOrEqualTo(MINER_SHARES);
        assertThat(scalar("sum(sv2_client_shares_rejected_total)"))
                .isEqualTo(scalar("sum(rg_gateway_shares_total{outcome=\"rejected\"})"));
        assertThat(scalar("sum(sv2_client_blocks_found_total)"))
                .isEqualTo(scalar("sum(rg_gateway_shares_total{outcome=\"block\"})"));
        assertThat(scalar("sum(sv2_client_channels{channel_type=\"standard\"})"))
                .isEqualTo(scalar("sum(rg_gateway_channels)"));
        assertThat(scalar("sum(sv2_client_channels{channel_type=\"extended\"})"))
                .isZero();
        assertThat(scalar("max(sv2_uptime_seconds)")).isPositive();
        // Recorded by rules/sv2-compat.yml from the gateway's gauges.
        awaitValue("sv2_clients_total recorded", "count(sv2_clients_total)", count -> count == 1);
        awaitValue("sv2_client_hashrate_total recorded", "count(sv2_client_hashrate_total)", count -> count == 1);
        assertThat(scalar("sum(sv2_clients_total)")).isEqualTo(scalar("sum(rg_gateway_connections)"));
    }

    @Test
    void everyRuleIsLoadedAndHealthyAndOnlyTheAlertsTheDataCallsForAreActive() {
        List<Rule> expected = MonitoringFiles.rules();
        Map<String, String> loaded = new TreeMap<>();
        awaitTrue("every rule evaluated at least once", () -> {
            loaded.clear();
            boolean allEvaluated = true;
            for (JsonNode group : api("/api/v1/rules").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    loaded.put(
                            rule.path("name").asString(),
                            rule.path("health").asString() + " "
                                    + rule.path("lastError").asString());
                    allEvaluated &= !rule.path("health").asString().equals("unknown");
                }
            }
            return allEvaluated && loaded.size() == expected.size();
        });
        Set<String> names = new TreeSet<>();
        expected.forEach(rule -> names.add(rule.name()));
        assertThat(loaded.keySet()).isEqualTo(names);
        assertThat(loaded)
                .allSatisfy((rule, health) -> assertThat(health).as(rule).isEqualTo("ok "));

        // The demo feed's mainnet_like scenario feeds templates the shipped policy partly rejects, on purpose: then
        // VerdictRejectsHigh is rightly pending (its 10 minutes outlast this test). Every other alert must be quiet.
        double rejectShare = scalar("sum(rate(rg_verifier_verdicts_total{reason!=\"accepted\"}[10m]))"
                + " / sum(rate(rg_verifier_verdicts_total[10m]))");
        System.out.printf("[monitoring-stack] reject share of the verdicts over 10 min: %.3f%n", rejectShare);
        Map<String, String> active = activeAlerts();
        assertThat(active.keySet()).as("active alerts: %s", active).isSubsetOf(Set.of("VerdictRejectsHigh"));
        assertThat(active.values()).as("active alerts: %s", active).doesNotContain("firing");
        // And that one follows its own expression (which also asks for a minimum of verdicts, so the share alone
        // does not decide it): pending exactly while the expression selects a series, once the rules have been
        // evaluated after the data arrived.
        String rejectsHigh = expected.stream()
                .filter(rule -> rule.name().equals("VerdictRejectsHigh"))
                .findFirst()
                .orElseThrow()
                .expr();
        awaitTrue("VerdictRejectsHigh pending exactly while its expression holds", () -> {
            boolean holds = !query(rejectsHigh).isEmpty();
            Map<String, String> now = activeAlerts();
            return holds ? "pending".equals(now.get("VerdictRejectsHigh")) : now.isEmpty();
        });
    }

    private Map<String, String> activeAlerts() {
        Map<String, String> active = new TreeMap<>();
        for (JsonNode alert : api("/api/v1/alerts").path("alerts")) {
            active.put(
                    alert.path("labels").path("alertname").asString(),
                    alert.path("state").asString());
        }
        return active;
    }

    @Test
    void everyMetricTheRulesAndDashboardsReadIsScraped() {
        Set<String> known = new HashSet<>();
        for (JsonNode name : api("/api/v1/label/__name__/values")) {
            known.add(name.asString());
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (Rule rule : MonitoringFiles.rules()) {
            for (String name : PromqlNames.metricNames(rule.expr())) {
                used.add(name);
                if (!known.contains(name)) {
                    missing.computeIfAbsent(name, key -> new TreeSet<>()).add("rule " + rule.name());
                }
            }
        }
        for (Path dashboard : MonitoringFiles.dashboards()) {
            for (String expression : MonitoringFiles.dashboardExpressions(dashboard)) {
                for (String name : PromqlNames.metricNames(expression)) {
                    used.add(name);
                    if (!known.contains(name)) {
                        missing.computeIfAbsent(name, key -> new TreeSet<>())
                                .add(dashboard.getFileName().toString());
                    }
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(30);
        assertThat(missing)
                .as("metric names used but not scraped (of %d used)", used.size())
                .isEmpty();
        // And each expression is valid PromQL to the real Prometheus.
        for (Path dashboard : MonitoringFiles.dashboards()) {
            for (String expression : MonitoringFiles.dashboardExpressions(dashboard)) {
                String promql = expression.replace("$__rate_interval", "1m");
                HttpResult result = prometheus.get("/api/v1/query?query=" + encode(promql));
                assertThat(result.status())
                        .as("%s in %s: %s", promql, dashboard.getFileName(), result.body())
                        .isEqualTo(200);
            }
        }
    }

    // ---- Prometheus HTTP API -----------------------------------------------------------------------------------

    private JsonNode api(String path) {
        HttpResult result = prometheus.get(path);
        assertThat(result.status()).as("GET %s: %s", path, result.body()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("status").asString()).as(path).isEqualTo("success");
        return body.path("data");
    }

    private JsonNode query(String promql) {
        JsonNode data = api("/api/v1/query?query=" + encode(promql));
        return data.path("result");
    }

    /** The single value of an instant query that aggregates to one series (fails on none or several). */
    private double scalar(String promql) {
        JsonNode result = query(promql);
        assertThat(result.size()).as("series of %s: %s", promql, result).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asString());
    }

    private static Map<String, Double> byJob(JsonNode result) {
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode series : result) {
            values.put(
                    series.path("metric").path("job").asString(),
                    Double.parseDouble(series.path("value").get(1).asString()));
        }
        return values;
    }

    private void awaitValue(String what, String promql, java.util.function.DoublePredicate ok) {
        awaitTrue(what, () -> {
            JsonNode result = query(promql);
            return result.size() == 1
                    && ok.test(Double.parseDouble(
                            result.get(0).path("value").get(1).asString()));
        });
    }

    /** Polls twice a second for up to a minute (Prometheus scrapes and evaluates every second here). */
    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static String encode(String promql) {
        return URLEncoder.encode(promql, StandardCharsets.UTF_8);
    }
}
