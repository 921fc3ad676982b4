package org.reservegrid.deploysuite.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.TestData;

/** What the chart copies from the repository stays the same as its source; needs no tool. */
class ChartFilesTests {
    private static final Path ROOT = TestData.repositoryRoot();
    private static final Path CHART = ROOT.resolve(ChartValues.CHART);

    /** Helm reads no file outside the chart, so the policy is a copy; it must not drift from config/policy.toml. */
    @Test
    void theChartsPolicyIsTheRepositorysPolicy() throws IOException {
        assertThat(Files.readString(CHART.resolve("files/policy.toml")))
                .isEqualTo(Files.readString(ROOT.resolve("config/policy.toml")));
    }

    /** The images are reservegrid/<module>:<Maven project version> (CONTRACTS.md); the chart's appVersion is it. */
    @Test
    void theChartsAppVersionIsTheProjectVersion() throws IOException {
        Matcher project = Pattern.compile("<artifactId>reservegrid-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(project.find()).isTrue();
        String version = project.group(1).replace("-SNAPSHOT", "");

        assertThat(Files.readString(CHART.resolve("Chart.yaml"))).contains("appVersion: \"" + version + "\"");
    }
}
