package org.reservegrid.auth.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.http.HttpResult;

/** Reset links end after 1 hour, verification links after 24 hours, sessions 7 days after login however busy. */
class ExpiryTests extends MovableClockAuth {
    @Override
    List<String> settings() {
        return List.of();
    }

    @Test
    void aResetLinkExpiresAfterOneHour() {
        String email = "late.reset@expiry.example";
        activeAccount(email, "late reset passphrase");
        post("/api/auth/forgot", "{\"email\":\"" + email + "\"}");
        String token = awaitToken(email, "reset");
        CLOCK.advance(Duration.ofMinutes(61));
        HttpResult late = post("/api/auth/reset", "{\"token\":\"" + token + "\",\"password\":\"too late passphrase\"}");
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.json().get("error").asString()).isEqualTo("invalid_token");
        assertThat(login(email, "late reset passphrase").status())
                .as("the old password still works")
                .isEqualTo(200);
    }

    @Test
    void aResetLinkWorksWithinTheHour() {
        String email = "prompt.reset@expiry.example";
        activeAccount(email, "prompt reset passphrase");
        post("/api/auth/forgot", "{\"email\":\"" + email + "\"}");
        String token = awaitToken(email, "reset");
        CLOCK.advance(Duration.ofMinutes(59));
        assertThat(post("/api/auth/reset", "{\"token\":\"" + token + "\",\"password\":\"in time passphrase\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aVerificationLinkExpiresAfterADay() {
        String email = "slow.verify@expiry.example";
        register(email, "slow verify passphrase");
        String token = awaitToken(email, "verify");
        CLOCK.advance(Duration.ofHours(25));
        assertThat(verify(token).json().get("error").asString()).isEqualTo("invalid_token");
    }

    @Test
    void aSessionEndsSevenDaysAfterLoginHoweverBusy() {
        String email = "week@expiry.example";
        activeAccount(email, "one week passphrase");
        String token = loginToken(email, "one week passphrase");
        for (int day = 0; day < 7; day++) {
            assertThat(me(token).status()).as("day %d", day).isEqualTo(200);
            CLOCK.advance(Duration.ofHours(23).plusMinutes(59));
        }
        // 6 days 23:53 after login: still live; ten minutes later: past the absolute expiry.
        assertThat(me(token).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(9));
        assertThat(me(token).status()).isEqualTo(401);
    }
}
