package org.reservegrid.deploysuite.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reservegrid.testkit.TestData;
import org.reservegrid.testkit.process.ToolRun;

/** helm lint and helm template of deploy/helm/reservegrid with the pinned helm, from the repository root. */
record Chart(HelmTools tools, Path repository) {
    /** The Kubernetes version the JSON schemas were made from (scripts/ci/install-helm.sh). */
    static final String KUBE_VERSION = "1.37.2";

    static Chart required() {
        return new Chart(HelmTools.required(), TestData.repositoryRoot());
    }

    ToolRun lint(List<String> valueArguments) {
        List<String> command = new ArrayList<>(List.of(tools.helm().toString(), "lint", "--strict", ChartValues.CHART));
        command.addAll(valueArguments);
        return ToolRun.run(repository, command);
    }

    ToolRun template(List<String> valueArguments) {
        List<String> command = new ArrayList<>(List.of(
                tools.helm().toString(),
                "template",
                ChartValues.RELEASE,
                ChartValues.CHART,
                "--namespace",
                ChartValues.NAMESPACE,
                "--kube-version",
                KUBE_VERSION));
        command.addAll(valueArguments);
        return ToolRun.run(repository, command);
    }

    /** The rendered objects; fails the test with helm's own words when it does not render. */
    List<Manifest> render(ChartValues values) {
        ToolRun template = template(values.arguments());
        if (!template.succeeded()) {
            throw new AssertionError("helm template failed:\n" + template.describe());
        }
        return Manifest.parseAll(template.stdout());
    }

    /** kubeconform, strict, against the offline schemas only (a kind without a schema is an error, not a skip). */
    ToolRun validate(Path manifests) {
        return ToolRun.run(
                repository,
                List.of(
                        tools.kubeconform().toString(),
                        "-strict",
                        "-summary",
                        "-verbose",
                        "-output",
                        "json",
                        "-kubernetes-version",
                        KUBE_VERSION,
                        "-schema-location",
                        tools.schemas() + "/{{.ResourceKind}}{{.KindSuffix}}.json",
                        manifests.toString()));
    }
}
