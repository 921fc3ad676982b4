package org.reservegrid.sv2.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Secp256k1;

class SignatureNoiseMessageTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long VALID_FROM = 1_700_000_000L;
    private static final long NOT_VALID_AFTER = 1_700_003_600L;

    private final byte[] authoritySecret = Secp256k1.generateSecretKey(RANDOM);
    private final byte[] authority = Secp256k1.xOnlyPublicKey(authoritySecret);
    private final byte[] server = Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(RANDOM));
    private final SignatureNoiseMessage certificate =
            SignatureNoiseMessage.issue(authoritySecret, server, VALID_FROM, NOT_VALID_AFTER, RANDOM);

    @Test
    void isAcceptedInsideItsWindowIncludingTenSecondsOfSkew() {
        for (long now : new long[] {VALID_FROM - 10, VALID_FROM, NOT_VALID_AFTER, NOT_VALID_AFTER + 10}) {
            assertThatCode(() -> certificate.verify(authority, server, now)).doesNotThrowAnyException();
            assertThat(certificate.isCurrent(now)).isTrue();
        }
    }

    @Test
    void isRejectedElevenSecondsBeforeItsStart() {
        assertThatThrownBy(() -> certificate.verify(authority, server, VALID_FROM - 11))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("not valid before")
                .extracting(e -> ((NoiseException) e).reason())
                .isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
    }

    @Test
    void isRejectedElevenSecondsAfterItsEnd() {
        assertThatThrownBy(() -> certificate.verify(authority, server, NOT_VALID_AFTER + 11))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void isRejectedUnderAnotherAuthority() {
        byte[] otherAuthority = Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(RANDOM));
        assertThatThrownBy(() -> certificate.verify(otherAuthority, server, VALID_FROM))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void isRejectedForAnotherServerKey() {
        byte[] otherServer = Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(RANDOM));
        assertThatThrownBy(() -> certificate.verify(authority, otherServer, VALID_FROM))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void isRejectedWithAnotherVersion() {
        SignatureNoiseMessage versionOne = new SignatureNoiseMessage(
                1, certificate.validFrom(), certificate.notValidAfter(), certificate.signature());
        assertThatThrownBy(() -> versionOne.verify(authority, server, VALID_FROM))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("version");
    }

    @Test
    void skewToleranceSaturatesAtTheU32Bounds() {
        SignatureNoiseMessage unbounded = SignatureNoiseMessage.issue(authoritySecret, server, 0, 0xFFFF_FFFFL, RANDOM);
        assertThatCode(() -> unbounded.verify(authority, server, 0)).doesNotThrowAnyException();
        assertThatCode(() -> unbounded.verify(authority, server, 0xFFFF_FFFFL)).doesNotThrowAnyException();
        SignatureNoiseMessage early = SignatureNoiseMessage.issue(authoritySecret, server, 5, 6, RANDOM);
        assertThatCode(() -> early.verify(authority, server, 0)).doesNotThrowAnyException();
    }

    @Test
    void fixedBytesDecodeFieldByFieldAndRoundTrip() {
        String signature = "ab".repeat(64);
        byte[] wire = HexFormat.of()
                .parseHex(
                        "0000" // version U16 LE = 0
                                + "00f15365" // valid_from U32 LE = 0x6553f100 = 1700000000
                                + "10ff5365" // not_valid_after U32 LE = 0x6553ff10 = 1700003600
                                + signature); // 64-byte BIP340 signature
        ByteBuf buffer = Unpooled.wrappedBuffer(wire);
        SignatureNoiseMessage decoded = SignatureNoiseMessage.read(buffer);
        assertThat(decoded.version()).isZero();
        assertThat(decoded.validFrom()).isEqualTo(VALID_FROM);
        assertThat(decoded.notValidAfter()).isEqualTo(NOT_VALID_AFTER);
        assertThat(HexFormat.of().formatHex(decoded.signature())).isEqualTo(signature);
        assertThat(buffer.isReadable()).isFalse();

        ByteBuf written = Unpooled.buffer();
        decoded.write(written);
        assertThat(written.readableBytes()).isEqualTo(decoded.encodedLength());
        assertThat(SignatureNoiseMessage.read(written)).isEqualTo(decoded);
        assertThat(decoded.toBytes()).isEqualTo(wire);
        assertThat(SignatureNoiseMessage.fromBytes(wire)).isEqualTo(decoded);
    }
}
