package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ECDH columns of BIP324 {@code packet_encoding_test_vectors.csv}: {@code mid_shared_secret} is exactly the SV2
 * Noise ECDH (x-only ECDH hashed with the initiator's encoding first).
 */
class Bip324EcdhTests {

    record TestVector(
            String index,
            String privOurs,
            String ellswiftOurs,
            String ellswiftTheirs,
            boolean initiating,
            String xOurs,
            String xTheirs,
            String xShared,
            String sharedSecret) {

        @Override
        public String toString() {
            return "in_idx " + index + (initiating ? " initiating" : " responding");
        }
    }

    static Stream<TestVector> vectors() {
        return TestVectors.csv("bip324/packet_encoding_test_vectors.csv").stream()
                .map(row -> new TestVector(
                        row.get("in_idx"),
                        row.get("in_priv_ours"),
                        row.get("in_ellswift_ours"),
                        row.get("in_ellswift_theirs"),
                        row.get("in_initiating").equals("1"),
                        row.get("mid_x_ours"),
                        row.get("mid_x_theirs"),
                        row.get("mid_x_shared"),
                        row.get("mid_shared_secret")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void sharedSecretMatchesMidSharedSecret(TestVector vector) {
        byte[] ours = TestVectors.hex(vector.ellswiftOurs());
        byte[] theirs = TestVectors.hex(vector.ellswiftTheirs());
        byte[] secret = TestVectors.hex(vector.privOurs());
        byte[] shared = vector.initiating()
                ? ElligatorSwift.bip324Ecdh(secret, ours, theirs, ElligatorSwift.Party.INITIATOR)
                : ElligatorSwift.bip324Ecdh(secret, theirs, ours, ElligatorSwift.Party.RESPONDER);
        assertThat(TestVectors.hex(shared)).isEqualTo(vector.sharedSecret());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void keyPairWithTheListedEncodingGivesTheSameSecret(TestVector vector) {
        EllSwiftKeyPair pair =
                EllSwiftKeyPair.of(TestVectors.hex(vector.privOurs()), TestVectors.hex(vector.ellswiftOurs()));
        byte[] shared = pair.ecdh(
                TestVectors.hex(vector.ellswiftTheirs()),
                vector.initiating() ? ElligatorSwift.Party.INITIATOR : ElligatorSwift.Party.RESPONDER);
        assertThat(TestVectors.hex(shared)).isEqualTo(vector.sharedSecret());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void intermediateXCoordinatesMatch(TestVector vector) {
        byte[] secret = TestVectors.hex(vector.privOurs());
        assertThat(TestVectors.hex(ElligatorSwift.decode(TestVectors.hex(vector.ellswiftOurs()))))
                .isEqualTo(vector.xOurs())
                .isEqualTo(TestVectors.hex(Secp256k1.xOnlyPublicKey(secret)));
        assertThat(TestVectors.hex(ElligatorSwift.decode(TestVectors.hex(vector.ellswiftTheirs()))))
                .isEqualTo(vector.xTheirs());
        assertThat(TestVectors.hex(ElligatorSwift.xOnlyEcdh(TestVectors.hex(vector.ellswiftTheirs()), secret)))
                .isEqualTo(vector.xShared());
    }
}
