package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bouncycastle.math.ec.ECFieldElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row and case of BIP324 {@code xswiftec_inv_test_vectors.csv}. */
class XSwiftEcInvTests {

    /** {@code caseT.get(c)} is the expected t for case c, or empty when that case has no solution. */
    record TestVector(String u, String x, List<String> caseT, String comment) {

        @Override
        public String toString() {
            return u.substring(0, 12) + " " + comment;
        }
    }

    static Stream<TestVector> vectors() {
        return TestVectors.csv("bip324/xswiftec_inv_test_vectors.csv").stream()
                .map(row -> new TestVector(
                        row.get("u"),
                        row.get("x"),
                        IntStream.range(0, 8)
                                .mapToObj(c -> row.get("case" + c + "_t"))
                                .toList(),
                        row.get("comment")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void everyCaseGivesTheListedTOrNone(TestVector vector) {
        ECFieldElement u = Secp256k1.fieldElementModP(TestVectors.hex(vector.u()), 0);
        ECFieldElement x = Secp256k1.fieldElementModP(TestVectors.hex(vector.x()), 0);
        for (int c = 0; c < 8; c++) {
            ECFieldElement t = ElligatorSwift.xSwiftEcInv(x, u, c);
            String expected = vector.caseT().get(c);
            if (expected.isEmpty()) {
                assertThat(t).as("case %d", c).isNull();
            } else {
                assertThat(t).as("case %d", c).isNotNull();
                assertThat(TestVectors.hex(t.getEncoded())).as("case %d", c).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void everyListedTDecodesBackToX(TestVector vector) {
        ECFieldElement u = Secp256k1.fieldElementModP(TestVectors.hex(vector.u()), 0);
        for (String t : vector.caseT()) {
            if (!t.isEmpty()) {
                ECFieldElement decoded = ElligatorSwift.xSwiftEc(u, Secp256k1.fieldElementModP(TestVectors.hex(t), 0));
                assertThat(TestVectors.hex(decoded.getEncoded())).isEqualTo(vector.x());
            }
        }
    }
}
