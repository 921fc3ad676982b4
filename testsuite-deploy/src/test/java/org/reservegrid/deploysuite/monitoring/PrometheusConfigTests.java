package org.reservegrid.deploysuite.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.reservegrid.deploysuite.monitoring.MonitoringFiles.Rule;
import org.reservegrid.testkit.TestData;
import org.reservegrid.testkit.process.ToolRun;
import tools.jackson.databind.JsonNode;

/**
 * deploy/prometheus checked with Debian's promtool (check config, check rules, the unit tests of every alert), its
 * jobs against the compose services, and deploy/grafana's provisioning and dashboards. Which metric names the
 * expressions may use is checked against the live stack by {@link MonitoringStackTests}.
 */
class PrometheusConfigTests {
    private final Path dir = MonitoringFiles.prometheusDir();

    @Test
    void promtoolAcceptsTheConfigurationItsTargetFilesAndRules() {
        ToolRun run = Promtool.run(dir, "check", "config", "prometheus.yml");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("SUCCESS: prometheus.yml is valid prometheus config file syntax")
                .doesNotContain("FAILED");
        // check config also checks the rule files it names: one SUCCESS line per file.
        for (Path rules : MonitoringFiles.ruleFiles()) {
            assertThat(run.output()).contains("Checking " + dir.relativize(rules));
        }
    }

    @Test
    void promtoolCheckRulesAcceptsEveryRuleFile() {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        MonitoringFiles.ruleFiles()
                .forEach(file -> args.add(dir.relativize(file).toString()));
        ToolRun run = Promtool.run(dir, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().split("SUCCESS", -1))
                .hasSize(MonitoringFiles.ruleFiles().size() + 1);
        assertThat(MonitoringFiles.rules()).hasSizeGreaterThanOrEqualTo(11);
    }

    @Test
    void promtoolTestRulesPassesEveryUnitTest() {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        MonitoringFiles.ruleTestFiles()
                .forEach(file -> args.add(dir.relativize(file).toString()));
        ToolRun run = Promtool.run(dir, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("FAILED");
        assertThat(run.output().split("SUCCESS", -1))
                .hasSize(MonitoringFiles.ruleTestFiles().size() + 1);
    }

    /** Each alert is unit-tested both ways: some input makes it fire, some keeps it quiet; each record is checked. */
    @Test
    void everyAlertHasAFiringAndAQuietUnitTestAndEveryRecordingRuleIsEvaluated() {
        Set<String> fired = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        Set<String> recordsTested = new HashSet<>();
        Set<String> filesTested = new HashSet<>();
        for (Path file : MonitoringFiles.ruleTestFiles()) {
            Map<String, Object> suite = MonitoringFiles.yaml(file);
            @SuppressWarnings("unchecked")
            List<String> ruleFiles = (List<String>) suite.get("rule_files");
            ruleFiles.forEach(ruleFile -> filesTested.add(
                    file.getParent().resolve(ruleFile).normalize().toString()));
            for (Map<String, Object> test : MonitoringFiles.maps(suite.get("tests"))) {
                for (Map<String, Object> check : MonitoringFiles.maps(test.get("alert_rule_test"))) {
                    String alert = String.valueOf(check.get("alertname"));
                    (MonitoringFiles.maps(check.get("exp_alerts")).isEmpty() ? quiet : fired).add(alert);
                }
                for (Map<String, Object> check : MonitoringFiles.maps(test.get("promql_expr_test"))) {
                    recordsTested.addAll(PromqlNames.metricNames(String.valueOf(check.get("expr"))));
                }
            }
        }
        for (Rule rule : MonitoringFiles.rules()) {
            assertThat(filesTested)
                    .as("a unit test loads " + rule.file())
                    .contains(rule.file().toString());
            if (rule.alert()) {
                assertThat(fired).as("a unit test where %s fires", rule.name()).contains(rule.name());
                assertThat(quiet)
                        .as("a unit test where %s stays quiet", rule.name())
                        .contains(rule.name());
            } else {
                assertThat(recordsTested)
                        .as("a promql_expr_test of %s", rule.name())
                        .contains(rule.name());
            }
        }
    }

    @Test
    void theAlertsTheIssueAsksForAreThere() {
        Set<String> alerts = new TreeSet<>();
        MonitoringFiles.rules().stream().filter(Rule::alert).forEach(rule -> alerts.add(rule.name()));
        assertThat(alerts)
                .contains(
                        "ServiceDown",
                        "ServiceNotReady",
                        "VerdictRejectsHigh",
                        "NoNewTemplate",
                        "GatewayShareRejectsSpiking",
                        "InlineStaleHoldExpired",
                        "ShareLogRefusingShares",
                        "ShareLogFailing",
                        "VerdictHistoryNotDurable",
                        "BlockFound");
        for (Rule rule : MonitoringFiles.rules()) {
            if (rule.name().equals("BlockFound")) {
                assertThat(severity(rule)).isEqualTo("info");
            }
        }
    }

    /** One job per compose service, named after it, at /metrics, its targets in targets/JOB.yml (compose names). */
    @Test
    void everyServiceIsAJobScrapedByItsComposeNameAtMetrics() {
        Map<String, Object> config = MonitoringFiles.yaml(dir.resolve("prometheus.yml"));
        Map<String, String> targetFiles = new LinkedHashMap<>();
        for (Map<String, Object> job : MonitoringFiles.maps(config.get("scrape_configs"))) {
            String name = String.valueOf(job.get("job_name"));
            assertThat(job.get("metrics_path")).as(name).isEqualTo("/metrics");
            List<Map<String, Object>> discovery = MonitoringFiles.maps(job.get("file_sd_configs"));
            assertThat(discovery).as(name).hasSize(1);
            @SuppressWarnings("unchecked")
            List<String> files = (List<String>) discovery.get(0).get("files");
            assertThat(files).as(name).containsExactly("targets/" + name + ".yml");
            targetFiles.put(name, files.get(0));
        }
        assertThat(targetFiles.keySet()).containsExactlyInAnyOrderElementsOf(MonitoringFiles.JOBS.keySet());
        targetFiles.forEach((job, file) -> {
            List<Map<String, Object>> groups =
                    MonitoringFiles.maps(new org.yaml.snakeyaml.Yaml().load(TestData.read(dir.resolve(file))));
            assertThat(groups).as(file).hasSize(1);
            assertThat(groups.get(0).get("targets"))
                    .as(file)
                    .isEqualTo(List.of(job + ":" + MonitoringFiles.JOBS.get(job)));
        });
        @SuppressWarnings("unchecked")
        List<String> ruleFiles = (List<String>) config.get("rule_files");
        assertThat(ruleFiles).containsExactly("rules/*.yml");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusOfComposeAndTheDashboardsDirectory() {
        Path provisioning = MonitoringFiles.grafanaDir().resolve("provisioning");
        Map<String, Object> datasources = MonitoringFiles.yaml(provisioning.resolve("datasources/prometheus.yml"));
        List<Map<String, Object>> sources = MonitoringFiles.maps(datasources.get("datasources"));
        assertThat(sources).hasSize(1);
        Map<String, Object> prometheus = sources.get(0);
        assertThat(prometheus)
                .containsEntry("type", "prometheus")
                .containsEntry("url", "http://prometheus:9090")
                .containsEntry("isDefault", true);
        String uid = String.valueOf(prometheus.get("uid"));

        Map<String, Object> providers = MonitoringFiles.yaml(provisioning.resolve("dashboards/reservegrid.yml"));
        List<Map<String, Object>> list = MonitoringFiles.maps(providers.get("providers"));
        assertThat(list).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) list.get(0).get("options");
        assertThat(options).containsEntry("path", "/var/lib/grafana/dashboards");

        Set<String> uids = new HashSet<>();
        Set<String> titles = new TreeSet<>();
        for (Path dashboard : MonitoringFiles.dashboards()) {
            JsonNode board = MonitoringFiles.json(dashboard);
            assertThat(uids.add(board.path("uid").asString()))
                    .as("unique uid in " + dashboard)
                    .isTrue();
            titles.add(board.path("title").asString());
            assertThat(board.path("panels").size()).as(dashboard.toString()).isPositive();
            for (JsonNode panel : board.path("panels")) {
                if (panel.path("type").asString().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asString())
                        .as(
                                "datasource of panel '%s' in %s",
                                panel.path("title").asString(), dashboard)
                        .isEqualTo(uid);
                assertThat(panel.path("targets").size())
                        .as("queries of panel '%s' in %s", panel.path("title").asString(), dashboard)
                        .isPositive();
            }
            assertThat(MonitoringFiles.dashboardExpressions(dashboard)).isNotEmpty();
        }
        assertThat(titles).hasSize(3).allMatch(title -> title.startsWith("ReserveGrid"));
    }

    @Test
    void theNameExtractorFindsMetricsButNotFunctionsLabelsDurationsOrVariables() {
        assertThat(PromqlNames.metricNames(
                        "sum by (job, instance) (rate(rg_gateway_shares_total{outcome=\"rejected\"}[5m]))"
                                + " / sum by (job) (rate(rg_gateway_shares_total[$__rate_interval])) > 0.1"
                                + " and on (instance) rg_ready == 1 or vector(0) * 1e12"))
                .containsExactly("rg_gateway_shares_total", "rg_ready");
        assertThat(PromqlNames.metricNames("histogram_quantile(0.99, sum by (le) (rate("
                        + "rg_verifier_evaluation_seconds_bucket{job=~\"$job\"}[5m]))) offset 1h"))
                .containsExactly("rg_verifier_evaluation_seconds_bucket");
        assertThat(PromqlNames.metricNames("up")).containsExactly("up");
        assertThat(PromqlNames.metricNames("sum without (kind) (x{kind='declared'})"))
                .containsExactly("x");
    }

    private static String severity(Rule rule) {
        for (Map<String, Object> group :
                MonitoringFiles.maps(MonitoringFiles.yaml(rule.file()).get("groups"))) {
            for (Map<String, Object> candidate : MonitoringFiles.maps(group.get("rules"))) {
                if (rule.name().equals(candidate.get("alert"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> labels = (Map<String, Object>) candidate.get("labels");
                    return String.valueOf(labels.get("severity"));
                }
            }
        }
        throw new AssertionError(rule.name() + " not found");
    }
}
