package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of BIP340 {@code test-vectors.csv}. */
class Bip340Tests {

    record TestVector(
            int index,
            String secretKey,
            String publicKey,
            String auxRand,
            String message,
            String signature,
            boolean valid,
            String comment) {

        @Override
        public String toString() {
            return "#" + index + (comment.isEmpty() ? "" : " " + comment);
        }
    }

    static Stream<TestVector> vectors() {
        return TestVectors.csv("bip340/test-vectors.csv").stream()
                .map(row -> new TestVector(
                        Integer.parseInt(row.get("index")),
                        row.get("secret key"),
                        row.get("public key"),
                        row.get("aux_rand"),
                        row.get("message"),
                        row.get("signature"),
                        row.get("verification result").equals("TRUE"),
                        row.get("comment")));
    }

    static Stream<TestVector> signingVectors() {
        return vectors().filter(vector -> !vector.secretKey().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("signingVectors")
    void signingReproducesTheListedSignature(TestVector vector) {
        byte[] secretKey = TestVectors.hex(vector.secretKey());
        assertThat(TestVectors.hex(Secp256k1.xOnlyPublicKey(secretKey))).isEqualToIgnoringCase(vector.publicKey());
        byte[] signature = Bip340.sign(secretKey, TestVectors.hex(vector.message()), TestVectors.hex(vector.auxRand()));
        assertThat(TestVectors.hex(signature)).isEqualToIgnoringCase(vector.signature());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void verificationGivesTheListedResult(TestVector vector) {
        boolean verified = Bip340.verify(
                TestVectors.hex(vector.publicKey()),
                TestVectors.hex(vector.message()),
                TestVectors.hex(vector.signature()));
        assertThat(verified).isEqualTo(vector.valid());
    }
}
