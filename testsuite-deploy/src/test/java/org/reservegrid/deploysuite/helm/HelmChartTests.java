package org.reservegrid.deploysuite.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reservegrid.testkit.process.ToolRun;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart as an operator's tools see it: helm lint --strict and helm template pass for the demonstration and the
 * production-like values, every rendered object validates against the Kubernetes v1.37.2 schemas (and the
 * ServiceMonitor CRD's) offline with kubeconform, and the chart refuses the values it must refuse with a reason.
 */
class HelmChartTests {
    private static Chart chart;

    @BeforeAll
    static void tools() {
        chart = Chart.required();
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void lintPassesWithoutWarnings(ChartValues values) {
        ToolRun lint = chart.lint(values.arguments());

        assertThat(lint.succeeded()).as(lint.describe()).isTrue();
        assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
        assertThat(lint.stdout()).as(lint.describe()).doesNotContain("[WARNING]", "[ERROR]");
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyRenderedObjectValidatesAgainstTheSchemasOffline(ChartValues values, @TempDir Path dir)
            throws IOException {
        ToolRun template = chart.template(values.arguments());
        assertThat(template.succeeded()).as(template.describe()).isTrue();
        int objects = Manifest.parseAll(template.stdout()).size();
        Path rendered = Files.writeString(dir.resolve(values + ".yaml"), template.stdout());

        ToolRun validation = chart.validate(rendered);

        assertThat(validation.succeeded()).as(validation.describe()).isTrue();
        // Every object was checked against a schema: none invalid, none without a schema, none skipped.
        assertThat(summary(validation))
                .as(validation.describe())
                .containsEntry("valid", objects)
                .containsEntry("invalid", 0)
                .containsEntry("errors", 0)
                .containsEntry("skipped", 0);
        assertThat(objects).isGreaterThan(25);
    }

    @Test
    void theServiceMonitorIsValidatedAgainstItsCrdNotSkipped(@TempDir Path dir) throws IOException {
        ToolRun template = chart.template(ChartValues.PRODUCTION.arguments());
        assertThat(template.stdout()).contains("kind: ServiceMonitor");
        Path rendered = Files.writeString(dir.resolve("production.yaml"), template.stdout());
        Path broken = Files.writeString(
                dir.resolve("broken.yaml"), template.stdout().replace("      path: /metrics", "      pathh: /metrics"));

        assertThat(resource(chart.validate(rendered), "ServiceMonitor")).containsEntry("status", "statusValid");
        assertThat(resource(chart.validate(broken), "ServiceMonitor"))
                .containsEntry("status", "statusInvalid")
                .extractingByKey("msg")
                .asString()
                .contains("'pathh' not allowed");
    }

    /** The validation would catch a mistake: strict schemas refuse an unknown field and a value of the wrong type. */
    @Test
    void theSchemasRefuseMisspeltFieldsAndWrongTypes(@TempDir Path dir) throws IOException {
        String rendered = chart.template(ChartValues.DEMO.arguments()).stdout();
        Path misspelt = Files.writeString(
                dir.resolve("misspelt.yaml"),
                rendered.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystm: true"));
        Path wrongType = Files.writeString(
                dir.resolve("type.yaml"), rendered.replace("maxUnavailable: 1", "maxUnavailable: [1]"));

        ToolRun first = chart.validate(misspelt);
        ToolRun second = chart.validate(wrongType);

        assertThat(first.succeeded()).isFalse();
        assertThat(first.stdout()).contains("additional properties 'readOnlyRootFilesystm' not allowed");
        assertThat(summary(first).get("invalid")).isEqualTo(7); // every workload of the demonstration
        assertThat(second.succeeded()).isFalse();
        assertThat(second.stdout()).contains("/spec/maxUnavailable");
    }

    @Test
    void aGatewayWithoutPayoutIsRefusedWithTheReason() {
        ToolRun template = chart.template(List.of());

        assertThat(template.succeeded()).isFalse();
        assertThat(template.stderr()).contains("sv2Gateway.payoutAddress (or payoutScript) is required");
    }

    @Test
    void severalGatewaysWithoutSharedNoiseKeysAreRefused() {
        List<String> arguments = new ArrayList<>(ChartValues.DEMO.arguments());
        arguments.addAll(List.of("--set", "sv2Gateway.replicas=2"));

        ToolRun template = chart.template(arguments);

        assertThat(template.succeeded()).isFalse();
        assertThat(template.stderr()).contains("sv2Gateway.replicas > 1 needs sv2Gateway.noise.existingSecret");
    }

    @Test
    void aSecretInPlainValuesIsRefused() {
        List<String> arguments = new ArrayList<>(ChartValues.DEMO.arguments());
        arguments.addAll(List.of("--set", "templateManager.env.VELDRA_BITCOIND_RPC_PASS=hunter2"));

        ToolRun template = chart.template(arguments);

        assertThat(template.succeeded()).isFalse();
        assertThat(template.stderr()).contains("template-manager.env.VELDRA_BITCOIND_RPC_PASS looks like a secret");
        assertThat(template.stdout()).doesNotContain("hunter2");
    }

    private static Map<String, Object> summary(ToolRun validation) {
        return Manifest.map(json(validation), "summary");
    }

    private static Map<String, Object> resource(ToolRun validation, String kind) {
        return Manifest.maps(json(validation), "resources").stream()
                .filter(r -> kind.equals(r.get("kind")))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("kubeconform reported no " + kind + ":\n" + validation.describe()));
    }

    private static Map<String, Object> json(ToolRun validation) {
        Object parsed = new Yaml().load(validation.stdout()); // JSON is YAML
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new AssertionError("kubeconform printed no JSON object:\n" + validation.describe());
        }
        return Manifest.asMap(map);
    }
}
