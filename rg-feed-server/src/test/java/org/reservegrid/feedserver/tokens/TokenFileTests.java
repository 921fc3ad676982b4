package org.reservegrid.feedserver.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.spring.websocket.BearerTokens;

class TokenFileTests {
    @Test
    void readsTokensWithOptionalExpirySkippingCommentsAndBlankLines() throws Exception {
        List<BearerTokens.Token> tokens = TokenFile.parse("""
                # pool A
                aaaaaaaaaaaaaaaaaaaa

                bbbbbbbbbbbbbbbbbbbb expires=2027-01-31T00:00:00Z
                cccccccccccccccccccc   expires=2027-03-01
                """);
        assertThat(tokens).hasSize(3);
        assertThat(tokens.get(0).expiresAt()).isNull();
        assertThat(tokens.get(1).expiresAt()).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
        assertThat(tokens.get(2).expiresAt()).isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
    }

    @Test
    void refusesABadLineNamingTheLineButNotTheToken() {
        assertThatThrownBy(() -> TokenFile.parse("aaaaaaaaaaaaaaaaaaaa\nshort-secret\n"))
                .hasMessage("line 2: the token is shorter than 16 characters")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> TokenFile.parse("aaaaaaaaaaaaaaaaaaaa expires=soon\n"))
                .hasMessageStartingWith("line 1: expires must be an ISO-8601 instant");
        assertThatThrownBy(() -> TokenFile.parse("aaaaaaaaaaaaaaaaaaaa label=x\n"))
                .hasMessageStartingWith("line 1: expected '<token> [expires=<ISO-8601 instant>]'");
    }
}
