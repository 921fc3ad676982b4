package org.reservegrid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDataTests {

    @Test
    void theBuildPassesTheRepositorysTestdataFolder() {
        // The root pom's surefire configuration sets the property; a run without it would not test the build.
        assertThat(System.getProperty(TestData.PROPERTY)).isNotBlank();
        assertThat(TestData.root()).isEqualTo(TestData.repositoryRoot().resolve("testdata"));
        assertThat(TestData.repositoryRoot().resolve("reservegrid-testkit/pom.xml"))
                .isRegularFile();
    }

    @Test
    void findsVectorsAndFixturesByTheirPathUnderTestdata() {
        assertThat(TestData.vector("bip340/test-vectors.csv")).isRegularFile();
        assertThat(TestData.json(TestData.fixture("gbt/core-regtest-h506-4tx.json"))
                        .has("height"))
                .isTrue();
    }

    @Test
    void aMissingFileFailsWithItsPath() {
        assertThatThrownBy(() -> TestData.vector("no/such.csv"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no/such.csv");
    }

    @Test
    void withoutThePropertyItWalksUpToTheFolderHoldingTestdata(@TempDir Path repo) throws IOException {
        Files.createDirectories(repo.resolve("testdata/vectors"));
        Path module = Files.createDirectories(repo.resolve("some-module/src"));
        assertThat(TestData.locate(null, module)).contains(repo.resolve("testdata"));
        assertThat(TestData.locate("", module)).contains(repo.resolve("testdata"));
    }

    @Test
    void thePropertyWinsOverTheWalk(@TempDir Path elsewhere) throws IOException {
        Path named = Files.createDirectories(elsewhere.resolve("data"));
        assertThat(TestData.locate(named.toString(), Path.of("").toAbsolutePath()))
                .contains(named);
        assertThatThrownBy(() -> TestData.locate(elsewhere.resolve("absent").toString(), elsewhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TestData.PROPERTY);
    }

    @Test
    void noTestdataAnywhereAboveIsEmpty(@TempDir Path lonely) {
        assertThat(TestData.locate(null, lonely)).isEmpty();
    }
}
