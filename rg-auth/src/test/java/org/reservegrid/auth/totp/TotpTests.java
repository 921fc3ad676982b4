package org.reservegrid.auth.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TOTP against RFC 6238's own test vectors (Appendix B, HMAC-SHA1), at the 6 digits authenticator apps show. */
class TotpTests {
    /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0}")
    @CsvSource({
        // Unix time, 8-digit TOTP from the RFC's table; 6 digits are its last six (the modulus is 10^digits).
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void matchesTheRfcVectors(long unixTime, String eightDigits) {
        long step = Totp.step(Instant.ofEpochSecond(unixTime));
        assertThat(Totp.code(RFC_SEED, step)).isEqualTo(eightDigits.substring(2));
    }

    @Test
    void aCodeIsAcceptedForTheNeighbouringStepsOnlyOnceAndNotAfterAnOlderOne() {
        String secret = Totp.base32(RFC_SEED);
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.step(now);
        String current = Totp.code(RFC_SEED, step);
        assertThat(Totp.verify(secret, current, now, 0)).hasValue(step);
        assertThat(Totp.verify(secret, current, now, step)).as("replayed").isEmpty();
        assertThat(Totp.verify(secret, Totp.code(RFC_SEED, step - 1), now, 0)).hasValue(step - 1);
        assertThat(Totp.verify(secret, Totp.code(RFC_SEED, step + 1), now, 0)).hasValue(step + 1);
        assertThat(Totp.verify(secret, Totp.code(RFC_SEED, step + 2), now, 0))
                .as("too far ahead")
                .isEmpty();
        assertThat(Totp.verify(secret, Totp.code(RFC_SEED, step - 1), now, step))
                .as("older than the last")
                .isEmpty();
        assertThat(Totp.verify(secret, "12345", now, 0)).isEmpty();
        assertThat(Totp.verify(secret, "12345a", now, 0)).isEmpty();
    }

    @Test
    void base32RoundTripsAndSecretsAre160Bits() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.base32Decode("MZXW6YTBOI")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        String secret = Totp.newSecret();
        assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Totp.base32Decode(secret)).hasSize(20);
        assertThat(Totp.newSecret()).isNotEqualTo(secret);
    }

    @Test
    void theOtpauthUriCarriesIssuerAccountAndParameters() {
        assertThat(Totp.uri("ReserveGrid OS", "op@pool.example", "ABC"))
                .isEqualTo("otpauth://totp/ReserveGrid%20OS:op%40pool.example?secret=ABC&issuer=ReserveGrid%20OS"
                        + "&algorithm=SHA1&digits=6&period=30");
    }
}
