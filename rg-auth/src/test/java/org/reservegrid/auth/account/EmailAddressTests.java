package org.reservegrid.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTests {
    @Test
    void theKeyIsTheTrimmedLowerCasedAddress() {
        EmailAddress email = EmailAddress.parse("  Operator@Pool.Example ").orElseThrow();
        assertThat(email.value()).isEqualTo("Operator@Pool.Example");
        assertThat(email.key()).isEqualTo("operator@pool.example");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "no-at-sign",
                "two@@signs.example",
                "a@nodot",
                "white space@pool.example",
                "tab\there@pool.example"
            })
    void malformedAddressesAreRefused(String raw) {
        assertThat(EmailAddress.parse(raw)).isEmpty();
    }

    @Test
    void addressesAreAtMost254Characters() {
        String local = "a".repeat(64);
        String domain = "d".repeat(254 - 64 - 1 - 4) + ".com";
        assertThat(EmailAddress.parse(local + "@" + domain)).isPresent();
        assertThat(EmailAddress.parse(local + "@x" + domain)).isEmpty();
        assertThat(EmailAddress.parse("a".repeat(65) + "@pool.example")).isEmpty();
    }
}
