package org.reservegrid.spring.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.secret.Secret;

class BearerTokensTests {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private final BearerTokens tokens = BearerTokens.of(List.of(
            new BearerTokens.Token(Secret.of("first-token-0123456789"), null),
            new BearerTokens.Token(Secret.of("second-token-0123456789"), NOW.plusSeconds(60)),
            new BearerTokens.Token(Secret.of("old-token-0123456789"), NOW)));

    @Test
    void acceptsEveryConfiguredTokenUntilItExpires() {
        assertThat(tokens.check("Bearer first-token-0123456789", NOW)).isNull();
        assertThat(tokens.check("bearer second-token-0123456789", NOW)).isNull();
        assertThat(tokens.check("Bearer second-token-0123456789", NOW.plusSeconds(60)))
                .isEqualTo(BearerTokens.Refusal.EXPIRED);
        assertThat(tokens.check("Bearer old-token-0123456789", NOW)).isEqualTo(BearerTokens.Refusal.EXPIRED);
    }

    @Test
    void tellsAMissingHeaderFromAWrongToken() {
        assertThat(tokens.check(null, NOW)).isEqualTo(BearerTokens.Refusal.MISSING);
        assertThat(tokens.check("Basic dXNlcjpwYXNz", NOW)).isEqualTo(BearerTokens.Refusal.MISSING);
        assertThat(tokens.check("Bearer ", NOW)).isEqualTo(BearerTokens.Refusal.MISSING);
        assertThat(tokens.check("Bearer first-token-012345678", NOW)).isEqualTo(BearerTokens.Refusal.INVALID);
        assertThat(BearerTokens.Refusal.INVALID.httpStatus()).isEqualTo(401);
        assertThat(BearerTokens.Refusal.EXPIRED.httpStatus()).isEqualTo(403);
    }

    @Test
    void anEmptySetIsOpen() {
        assertThat(BearerTokens.none().isOpen()).isTrue();
        assertThat(BearerTokens.none().check(null, NOW)).isNull();
        assertThat(tokens.isOpen()).isFalse();
    }
}
