package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of BIP324 {@code ellswift_decode_test_vectors.csv}. */
class ElligatorSwiftDecodeTests {

    record TestVector(String ellswift, String x, String comment) {

        @Override
        public String toString() {
            return comment.isEmpty() ? ellswift.substring(0, 16) : comment;
        }
    }

    static Stream<TestVector> vectors() {
        return TestVectors.csv("bip324/ellswift_decode_test_vectors.csv").stream()
                .map(row -> new TestVector(row.get("ellswift"), row.get("x"), row.get("comment")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesToTheListedXCoordinate(TestVector vector) {
        assertThat(TestVectors.hex(ElligatorSwift.decode(TestVectors.hex(vector.ellswift()))))
                .isEqualTo(vector.x());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodedXLiesOnTheCurve(TestVector vector) {
        assertThat(Secp256k1.isValidXOnlyKey(TestVectors.hex(vector.x()))).isTrue();
    }
}
