package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.noderpc.testing.NodeShapes;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The proposal built from the parsed template is the one the previous path built by converting the node's JSON a
 * second time with rg-protocol's {@link GbtConverter} (which stays as the verifier's own parse, behind
 * {@code /api/evaluate}).
 */
class BlockTemplateProposeTests {

    @ParameterizedTest
    @ValueSource(strings = {"core-regtest-h506-4tx.json", "core-signet-h108-0tx.json", "core-signet-h956-4tx.json"})
    void theProposalOfEveryRealTemplateEqualsTheConvertersInEveryNodeShape(String fixture) {
        ObjectNode core = SharedFixtures.gbt(fixture);
        TemplatePropose converted = GbtConverter.toPropose(core, 0, 2, 400);

        assertThat(GbtParser.parse(core).propose(2, 400)).isEqualTo(converted);
        assertThat(GbtParser.parse(NodeShapes.bcoin(core)).propose(2, 400)).isEqualTo(converted);
        assertThat(GbtParser.parse(NodeShapes.btcd(core)).propose(2, 400)).isEqualTo(converted);
        byte[] bytes = new JsonMapper().writeValueAsBytes(core);
        assertThat(GbtParser.parse(new JsonMapper().readTree(bytes)).propose(2, 400))
                .isEqualTo(GbtConverter.toPropose(bytes, 0, 2, 400));
    }

    @Test
    void theProposalCarriesTheConfiguredProtocolVersionAndCoinbaseSigops() {
        ObjectNode gbt = SharedFixtures.gbt("core-signet-h956-4tx.json");

        TemplatePropose propose = GbtParser.parse(gbt).propose(7, 1_234);

        assertThat(propose).isEqualTo(GbtConverter.toPropose(gbt, 0, 7, 1_234));
        assertThat(propose.requestId()).isZero();
        assertThat(propose.protocolVersion()).isEqualTo(7);
        assertThat(propose.coinbaseSigops()).isEqualTo(1_234);
        assertThat(ProposeConverter.stamping(7, 1_234).convert(GbtParser.parse(gbt)))
                .isEqualTo(propose);
    }

    @Test
    void aVersionWithTheTopBitSetKeepsItsBitsInTheProposal() {
        ObjectNode gbt = SharedFixtures.gbt("core-regtest-h506-4tx.json");
        gbt.put("version", 0xffff_ffffL);

        TemplatePropose propose = GbtParser.parse(gbt).propose(2, 400);

        assertThat(propose.version()).isEqualTo(-1);
        assertThat(propose).isEqualTo(GbtConverter.toPropose(gbt, 0, 2, 400));
    }
}
