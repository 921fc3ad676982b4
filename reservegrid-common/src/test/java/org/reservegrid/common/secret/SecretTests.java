package org.reservegrid.common.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTests {
    @Test
    void neverShowsItsValueWhenPrinted() {
        Secret secret = Secret.of("hunter2-very-secret");

        assertThat(secret.toString()).doesNotContain("hunter2").isEqualTo("[REDACTED]");
        assertThat(String.valueOf(secret)).doesNotContain("hunter2");
        assertThat("token=" + secret).isEqualTo("token=[REDACTED]");
        assertThat(secret.redacted()).doesNotContain("hunter2");
    }

    @Test
    void revealsItsValueOnlyWhenAskedExplicitly() {
        assertThat(Secret.of("s3cret").reveal()).isEqualTo("s3cret");
    }

    @Test
    void matchesOnlyTheExactValue() {
        Secret secret = Secret.of("abc123");

        assertThat(secret.matches("abc123")).isTrue();
        assertThat(secret.matches("abc12")).isFalse();
        assertThat(secret.matches("abc1234")).isFalse();
        assertThat(secret.matches("")).isFalse();
    }

    @Test
    void equalSecretsShareAHashThatDoesNotDependOnTheValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
        assertThat(Secret.of("a").hashCode()).isEqualTo(Secret.of("b").hashCode());
    }

    @Test
    void refusesAnEmptyValue() {
        assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
