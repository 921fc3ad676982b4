package org.reservegrid.deploysuite.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.reservegrid.testkit.TestData;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The monitoring files of the repository: deploy/prometheus (config, targets, rules, tests) and deploy/grafana. */
final class MonitoringFiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every job of prometheus.yml, with the port its compose service listens on (docker-compose.yml, CONTRACTS). */
    static final Map<String, Integer> JOBS = Map.of(
            "pool-verifier", 8081,
            "template-manager", 8082,
            "sv2-gateway", 8080,
            "rg-auth", 3030,
            "rg-dashboard", 8084,
            "rg-demo-feed", 8090,
            "rg-feed-adapter", 8091,
            "rg-feed-server", 8092);

    private MonitoringFiles() {}

    static Path prometheusDir() {
        return TestData.repositoryRoot().resolve("deploy/prometheus");
    }

    static Path grafanaDir() {
        return TestData.repositoryRoot().resolve("deploy/grafana");
    }

    /** One recording or alerting rule of deploy/prometheus/rules. */
    record Rule(Path file, String group, String name, boolean alert, String expr) {}

    static List<Path> ruleFiles() {
        return list(prometheusDir().resolve("rules"), ".yml");
    }

    static List<Path> ruleTestFiles() {
        return list(prometheusDir().resolve("tests"), ".yml");
    }

    static List<Path> dashboards() {
        return list(grafanaDir().resolve("dashboards"), ".json");
    }

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (Path file : ruleFiles()) {
            for (Map<String, Object> group : maps(yaml(file).get("groups"))) {
                for (Map<String, Object> rule : maps(group.get("rules"))) {
                    boolean alert = rule.containsKey("alert");
                    rules.add(new Rule(
                            file,
                            String.valueOf(group.get("name")),
                            String.valueOf(alert ? rule.get("alert") : rule.get("record")),
                            alert,
                            String.valueOf(rule.get("expr"))));
                }
            }
        }
        return rules;
    }

    /** Every {@code expr} of every dashboard's panels (their targets), in file order. */
    static List<String> dashboardExpressions(Path dashboard) {
        List<String> expressions = new ArrayList<>();
        collectExpressions(json(dashboard), expressions);
        return expressions;
    }

    private static void collectExpressions(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getKey().equals("expr") && field.getValue().isString()) {
                    into.add(field.getValue().asString());
                } else {
                    collectExpressions(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectExpressions(element, into);
            }
        }
    }

    static JsonNode json(Path file) {
        return JSON.readTree(TestData.read(file));
    }

    static Map<String, Object> yaml(Path file) {
        Map<String, Object> document = new Yaml().load(TestData.read(file));
        if (document == null) {
            throw new AssertionError(file + " is empty");
        }
        return document;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object list) {
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
