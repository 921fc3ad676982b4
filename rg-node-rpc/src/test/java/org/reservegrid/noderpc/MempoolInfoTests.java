package org.reservegrid.noderpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reservegrid.noderpc.testing.NodeShapes;
import org.reservegrid.noderpc.testing.SharedFixtures;
import tools.jackson.databind.node.ObjectNode;

class MempoolInfoTests {

    @Test
    void readsCoresAnswerAndConvertsTheTotalFeeToSatoshis() {
        MempoolInfo info = MempoolInfo.fromRpc(SharedFixtures.coreMempoolInfo(), 1234);

        assertThat(info.size()).isEqualTo(112_686);
        assertThat(info.bytes()).isEqualTo(175_691_391);
        assertThat(info.usage()).isEqualTo(856_780_672L);
        assertThat(info.totalFeeSats()).isEqualTo(510_536_864L);
        assertThat(info.fetchedAtMillis()).isEqualTo(1234);
    }

    @Test
    void btcdsAnswerHasOnlySizeAndBytes() {
        MempoolInfo info = MempoolInfo.fromRpc(NodeShapes.btcdMempool(SharedFixtures.coreMempoolInfo()), 1);

        assertThat(info.size()).isEqualTo(112_686);
        assertThat(info.bytes()).isEqualTo(175_691_391);
        assertThat(info.usage()).isNull();
        assertThat(info.totalFeeSats()).isNull();
    }

    @Test
    void anAnswerWithoutASizeIsMalformed() {
        ObjectNode info = SharedFixtures.coreMempoolInfo();
        info.remove("size");

        assertThatThrownBy(() -> MempoolInfo.fromRpc(info, 1))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.MALFORMED_RESPONSE))
                .hasMessageContaining("size");
    }
}
