package org.reservegrid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisiteTests {
    private static final String REASON = "cargo is not installed: install Rust with rustup";

    @Test
    void aMissingPrerequisiteSkipsOutsideCiWithTheReason() {
        assertThatThrownBy(() -> new Prerequisite(false).check("cargo", Optional.of(REASON)))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("cargo")
                .hasMessageContaining(REASON)
                .hasMessageContaining("with CI=true this is a failure");
    }

    @Test
    void aMissingPrerequisiteFailsInCiWithTheReason() {
        assertThatThrownBy(() -> new Prerequisite(true).check("cargo", Optional.of(REASON)))
                .isInstanceOf(AssertionFailedError.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("prerequisite cargo is missing")
                .hasMessageContaining(REASON);
    }

    @Test
    void aPresentPrerequisitePassesEitherWay() {
        assertThatCode(() -> new Prerequisite(false).check("cargo", Optional.empty()))
                .doesNotThrowAnyException();
        assertThatCode(() -> new Prerequisite(true).check("cargo", Optional.empty()))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyCiTrueMeansCi() {
        assertThat(Prerequisite.isCi("true")).isTrue();
        assertThat(Prerequisite.isCi("TRUE ")).isTrue();
        assertThat(Prerequisite.isCi(null)).isFalse();
        assertThat(Prerequisite.isCi("")).isFalse();
        assertThat(Prerequisite.isCi("false")).isFalse();
        assertThat(Prerequisite.isCi("1")).isFalse();
    }

    @Test
    void theEnvironmentDecidesThePolicyOfThisJvm() {
        assertThat(Prerequisite.fromEnvironment().ci()).isEqualTo(Prerequisite.isCi(System.getenv("CI")));
    }

    @Test
    void aMissingFileIsNamedInTheReason(@TempDir Path dir) {
        Path jar = dir.resolve("sv2-gateway.jar");
        // Whichever way this JVM's CI setting goes, the test is stopped with the file and the fix in the message.
        assertThatThrownBy(() -> Prerequisite.requireFile("sv2-gateway.jar", jar, "./mvnw package"))
                .isInstanceOfAny(TestAbortedException.class, AssertionFailedError.class)
                .hasMessageContaining(jar.toString())
                .hasMessageContaining("./mvnw package");
    }
}
