package org.reservegrid.auth.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.http.HttpResult;

/** With VELDRA_AUTH_SESSION_IDLE_TIMEOUT_SECS set, a session unused that long ends before its 7 days. */
class IdleTimeoutTests extends MovableClockAuth {
    @Override
    List<String> settings() {
        return List.of("--VELDRA_AUTH_SESSION_IDLE_TIMEOUT_SECS=600");
    }

    @Test
    void anIdleSessionEndsAfterTheIdleTimeout() {
        String email = "idle@expiry.example";
        activeAccount(email, "idle session passphrase");
        String token = loginToken(email, "idle session passphrase");
        CLOCK.advance(Duration.ofMinutes(9));
        assertThat(me(token).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(9));
        assertThat(me(token).status()).as("used 9 minutes ago: not idle").isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(11));
        HttpResult idle = me(token);
        assertThat(idle.status()).isEqualTo(401);
        assertThat(idle.json().get("error").asString()).isEqualTo("session_idle");
        assertThat(me(token).json().get("error").asString())
                .as("and it stays revoked")
                .isEqualTo("not_authenticated");
    }
}
