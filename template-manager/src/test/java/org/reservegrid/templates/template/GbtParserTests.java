package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.noderpc.testing.NodeShapes;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.metrics.ErrorKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class GbtParserTests {

    @Test
    void readsEveryFieldTheGatewayNeedsFromACoreTemplate() {
        ObjectNode gbt = SharedFixtures.gbt("core-signet-h956-4tx.json");

        BlockTemplate template = GbtParser.parse(gbt);

        assertThat(template.previousBlockHash())
                .isEqualTo("000002d6ed0236ae93ae9affa9d02f7a4ebf21430a202a86a7ef4ae4f95bad00");
        assertThat(template.height()).isEqualTo(956);
        assertThat(template.version()).isEqualTo(536870912);
        assertThat(template.bits()).isEqualTo("1e0377ae");
        assertThat(template.target()).isEqualTo("00000377ae000000000000000000000000000000000000000000000000000000");
        assertThat(template.curtime()).isEqualTo(1760780546);
        assertThat(template.mintime()).isEqualTo(1760780492);
        assertThat(template.coinbaseValue()).isEqualTo(5000056400L);
        assertThat(template.rules()).containsExactly("csv", "!segwit", "!signet", "taproot");
        assertThat(template.rulesReported()).isTrue();
        assertThat(template.weightLimit()).isEqualTo(4_000_000);
        assertThat(template.sigopLimit()).isEqualTo(80_000);
        assertThat(template.witnessCommitment().form()).isEqualTo(WitnessCommitment.Form.SCRIPT);
        assertThat(template.witnessCommitment().script())
                .isEqualTo("6a24aa21a9ed7d9df1867138bfd0a160230fff2f34fe32e0765d338fefd972263bffaee4394a");
        assertThat(template.transactions()).hasSize(4);
        JsonNode first = gbt.get("transactions").get(0);
        TemplateTransaction tx = template.transactions().getFirst();
        assertThat(tx.txid()).isEqualTo(first.get("txid").asString());
        assertThat(tx.hash()).isEqualTo(first.get("hash").asString());
        assertThat(tx.data()).isEqualTo(first.get("data").asString());
        assertThat(tx.fee()).isEqualTo(first.get("fee").asLong());
        assertThat(tx.weight()).isEqualTo(first.get("weight").asLong());
        assertThat(tx.sigops()).isEqualTo(first.get("sigops").asLong());
        long fees = 0;
        for (JsonNode entry : gbt.get("transactions").values()) {
            fees += entry.get("fee").asLong();
        }
        assertThat(template.totalFees()).isEqualTo(fees);
    }

    @Test
    void btcdShapedTemplatesYieldTheSameTxidsAndAComputedWtxid() {
        ObjectNode core = SharedFixtures.gbt("core-signet-h956-4tx.json");
        BlockTemplate fromCore = GbtParser.parse(core);

        BlockTemplate fromBtcd = GbtParser.parse(NodeShapes.btcd(core));

        assertThat(fromBtcd.rulesReported()).isFalse();
        assertThat(fromBtcd.rules()).isEmpty();
        // The wtxid is recomputed from the raw data and must equal what Core reported as "hash".
        assertThat(fromBtcd.transactions()).isEqualTo(fromCore.transactions());
        assertThat(fromBtcd.witnessCommitment().form()).isEqualTo(WitnessCommitment.Form.BARE_HASH);
        assertThat(fromBtcd.witnessCommitment().given()).hasSize(64);
        assertThat(fromBtcd.witnessCommitment().script())
                .isEqualTo(fromCore.witnessCommitment().script());

        BlockTemplate afterTxidFillIn = GbtParser.parse(txidCopiedFromHash(NodeShapes.btcd(core)));
        assertThat(afterTxidFillIn.transactions()).isEqualTo(fromCore.transactions());
    }

    @Test
    void bcoinShapedTemplatesReadLikeCoreOnes() {
        ObjectNode core = SharedFixtures.gbt("core-regtest-h506-4tx.json");

        BlockTemplate fromBcoin = GbtParser.parse(NodeShapes.bcoin(core));

        assertThat(fromBcoin.transactions()).isEqualTo(GbtParser.parse(core).transactions());
        assertThat(fromBcoin.coinbaseAux()).containsEntry("flags", "6d696e656420627920626a");
        assertThat(fromBcoin.witnessCommitment().form()).isEqualTo(WitnessCommitment.Form.SCRIPT);
    }

    @Test
    void btcdTemplatesGiveTheSameProposalAsCoreOnes() {
        ObjectNode core = SharedFixtures.gbt("core-signet-h956-4tx.json");
        ObjectNode btcd = NodeShapes.btcd(core);

        TemplatePropose fromBtcd = GbtParser.parse(btcd).propose(2, 400);

        assertThat(fromBtcd).isEqualTo(GbtConverter.toPropose(core, 0, 2, 400));
        assertThat(GbtParser.parse(txidCopiedFromHash(btcd)).propose(2, 400)).isEqualTo(fromBtcd);
    }

    @Test
    void anEmptyTemplateHasNoTransactionsAndNoFees() {
        BlockTemplate template = GbtParser.parse(SharedFixtures.gbt("core-signet-h108-0tx.json"));

        assertThat(template.transactions()).isEmpty();
        assertThat(template.totalFees()).isZero();
        assertThat(template.height()).isEqualTo(108);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e0377ae", "207fffff"})
    void derivesTheTargetFromBitsLikeCoreReportsIt(String bits) {
        ObjectNode gbt = bits.equals("207fffff")
                ? SharedFixtures.gbt("core-regtest-h506-4tx.json")
                : SharedFixtures.gbt("core-signet-h956-4tx.json");
        String reported = gbt.get("target").asString();
        gbt.remove("target");

        assertThat(GbtParser.parse(gbt).target()).isEqualTo(reported);
    }

    @Test
    void namesTheFieldThatMakesATemplateUnusableAndWhetherAProposalCanStillBeBuilt() {
        ErrorKind unproposable = ErrorKind.CONVERSION_FAILED;
        ErrorKind unstreamable = ErrorKind.MALFORMED_TEMPLATE;
        List<Mutation> mutations = List.of(
                new Mutation(gbt -> gbt.remove("previousblockhash"), "previousblockhash", unproposable),
                new Mutation(gbt -> gbt.put("previousblockhash", "caf\u00e9"), "previousblockhash", unproposable),
                new Mutation(gbt -> gbt.put("bits", "xyz"), "bits", unproposable),
                new Mutation(gbt -> gbt.remove("coinbasevalue"), "coinbasevalue", unproposable),
                new Mutation(gbt -> gbt.put("height", -1), "height", unproposable),
                new Mutation(gbt -> gbt.put("version", 1.5), "version", unproposable),
                new Mutation(gbt -> gbt.put("transactions", "none"), "transactions", unproposable),
                new Mutation(gbt -> tx(gbt).put("data", "zz"), "transactions[0].data", unstreamable),
                new Mutation(gbt -> tx(gbt).remove("data"), "transactions[0].data", unstreamable),
                new Mutation(gbt -> tx(gbt).put("hash", "00"), "transactions[0].hash", unstreamable),
                new Mutation(gbt -> gbt.put("target", "7fffff"), "target", unstreamable),
                new Mutation(gbt -> tx(gbt).remove("fee"), "transactions[0].fee", unproposable),
                new Mutation(gbt -> tx(gbt).put("txid", "00"), "transactions[0].txid", unproposable),
                new Mutation(gbt -> tx(gbt).putNull("txid"), "transactions[0].txid", unproposable),
                new Mutation(
                        gbt -> {
                            tx(gbt).remove("txid");
                            tx(gbt).remove("hash");
                        },
                        "transactions[0]",
                        unproposable));
        for (Mutation mutation : mutations) {
            ObjectNode gbt = SharedFixtures.gbt("core-regtest-h506-4tx.json");
            mutation.change().accept(gbt);
            assertThatThrownBy(() -> GbtParser.parse(gbt))
                    .as(mutation.field())
                    .isInstanceOfSatisfying(
                            MalformedTemplateException.class,
                            e -> assertThat(e.kind()).as(mutation.field()).isEqualTo(mutation.kind()))
                    .hasMessageContaining(mutation.field());
        }
    }

    private static ObjectNode tx(ObjectNode gbt) {
        return (ObjectNode) gbt.get("transactions").get(0);
    }

    /** btcd's older shape after its {@code hash} was copied to a {@code txid} field, as a fill-in step once did. */
    private static ObjectNode txidCopiedFromHash(ObjectNode btcd) {
        for (JsonNode entry : btcd.get("transactions").values()) {
            ((ObjectNode) entry).set("txid", entry.get("hash"));
        }
        return btcd;
    }

    private record Mutation(java.util.function.Consumer<ObjectNode> change, String field, ErrorKind kind) {}
}
