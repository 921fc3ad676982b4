package org.reservegrid.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTests {
    private final PasswordPolicy policy = new PasswordPolicy();

    private Optional<String> code(String password) {
        return policy.check(password, "operator@pool.example").map(PasswordPolicy.Refusal::code);
    }

    @Test
    void lengthIsCountedInCharactersAfterNormalisation() {
        assertThat(code("elevenchars")).contains("password_too_short");
        assertThat(code("twelve chars")).isEmpty();
        assertThat(code("x".repeat(64) + "y".repeat(64))).isEmpty();
        assertThat(code("x".repeat(64) + "y".repeat(65))).contains("password_too_long");
        // 12 emoji are 24 UTF-16 units but 12 characters; 11 are too few however many bytes they take.
        assertThat(code("🔑🪙⛏️🔑🪙⛏🔑🪙⛏🔑🪙⛏")).isEmpty();
        assertThat(code("🔑".repeat(11))).contains("password_too_short");
        assertThat(policy.check("short", "a@b.c").orElseThrow().message())
                .contains("at least 12")
                .contains("it has 5");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "password1234",
                "PASSWORD1234",
                "qazwsxedcrfv",
                "LeaveMeAlone",
                "iloveyou2024!!",
                "!!dragon123456",
                "aaaaaaaaaaaaaaa"
            })
    void commonPasswordsAndTheirDecoratedFormsAreRefused(String password) {
        assertThat(code(password)).contains("password_common");
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "Tr0ub4dor&3-but-longer", "mining pool operator key 7"})
    void longUncommonPasswordsPass(String password) {
        assertThat(code(password)).isEmpty();
    }

    @Test
    void theEmailAddressIsNotAPassword() {
        assertThat(policy.check("operator@pool.example", "operator@pool.example")
                        .map(PasswordPolicy.Refusal::code))
                .contains("password_common");
        assertThat(policy.check("operatorpool2024", "operatorpool@pool.example").map(PasswordPolicy.Refusal::code))
                .contains("password_common");
    }

    @Test
    void theBundledListIsLoaded() {
        // 49,233 entries from zxcvbn-ts; a few well-known 12+ character ones must be in it.
        assertThat(code("1q2w3e4r5t6y")).contains("password_common");
        assertThat(code("1qaz2wsx3edc4rfv")).contains("password_common");
    }
}
