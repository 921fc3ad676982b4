package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElligatorSwiftEncodeTests {

    private final SecureRandom random = new SecureRandom();

    @Test
    void encodingsOfFreshKeysDecodeToTheirXOnlyKeys() {
        for (int i = 0; i < 50; i++) {
            byte[] secret = Secp256k1.generateSecretKey(random);
            byte[] encoding = ElligatorSwift.encodePublicKey(secret, random);
            assertThat(encoding).hasSize(ElligatorSwift.ENCODING_LENGTH);
            assertThat(ElligatorSwift.decode(encoding)).isEqualTo(Secp256k1.xOnlyPublicKey(secret));
        }
    }

    @Test
    void theSameKeyGetsDifferentEncodings() {
        byte[] secret = Secp256k1.generateSecretKey(random);
        Set<String> encodings = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            encodings.add(TestVectors.hex(ElligatorSwift.encodePublicKey(secret, random)));
        }
        assertThat(encodings).hasSize(10);
    }

    @Test
    void bothSidesOfAnEcdhAgree() {
        EllSwiftKeyPair initiator = EllSwiftKeyPair.generate(random);
        EllSwiftKeyPair responder = EllSwiftKeyPair.generate(random);
        assertThat(initiator.ecdh(responder.encoding(), ElligatorSwift.Party.INITIATOR))
                .isEqualTo(responder.ecdh(initiator.encoding(), ElligatorSwift.Party.RESPONDER));
    }

    @Test
    void anXOffTheCurveCannotBeEncoded() {
        byte[] offCurve = new byte[32];
        offCurve[31] = 5; // 5^3 + 7 = 132 is not a square modulo p
        assertThat(Secp256k1.isValidXOnlyKey(offCurve)).isFalse();
        assertThatThrownBy(() -> ElligatorSwift.encodeX(offCurve, random)).isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void aKeyPairRejectsAnEncodingOfAnotherKey() {
        EllSwiftKeyPair one = EllSwiftKeyPair.generate(random);
        EllSwiftKeyPair other = EllSwiftKeyPair.generate(random);
        assertThatThrownBy(() -> EllSwiftKeyPair.of(one.secretKey(), other.encoding()))
                .isInstanceOf(InvalidEncodingException.class);
        assertThat(one.toString()).doesNotContain(TestVectors.hex(one.secretKey()));
    }
}
