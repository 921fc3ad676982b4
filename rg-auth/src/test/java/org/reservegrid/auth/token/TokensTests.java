package org.reservegrid.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTests {
    @Test
    void tokensCarry256RandomBitsInBase64url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String token = Tokens.random();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            assertThat(Tokens.plausible(token)).isTrue();
            seen.add(token);
        }
        assertThat(seen).hasSize(1_000);
    }

    @Test
    void onlyTheSha256IsStored() {
        // SHA-256("abc"), FIPS 180-2 Appendix B.1.
        assertThat(Tokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void implausibleInputIsRefusedBeforeAnyLookup() {
        assertThat(Tokens.plausible("")).isFalse();
        assertThat(Tokens.plausible("a".repeat(65))).isFalse();
        assertThat(Tokens.plausible("abc' OR 1=1 --")).isFalse();
        assertThat(Tokens.plausible("abc.def")).isFalse();
    }

    @Test
    void derivedTokensDifferFromTheirSourceAndAreStable() {
        String session = Tokens.random();
        String csrf = Tokens.derive("csrf", session);
        assertThat(csrf).isNotEqualTo(session).isEqualTo(Tokens.derive("csrf", session));
        assertThat(Tokens.derive("other", session)).isNotEqualTo(csrf);
        assertThat(Tokens.same(csrf, Tokens.derive("csrf", session))).isTrue();
        assertThat(Tokens.same(csrf, session)).isFalse();
    }
}
