package org.reservegrid.gateway.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.Test;
import org.reservegrid.gateway.support.Templates;
import org.reservegrid.gateway.template.StreamTemplate;
import org.reservegrid.gateway.template.TemplateEvents;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.BlockHeader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Work from templates: coinbase layout, per-channel merkle roots, and blocks bitcoinj accepts as well-formed. */
class WorkFactoryTests {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PAYOUT = HEX.parseHex("0014" + "22".repeat(20));
    private final TemplateEvents events =
            new TemplateEvents(JsonMapper.builder().build());
    private final WorkFactory factory = new WorkFactory(PAYOUT, "ReserveGrid");

    private StreamTemplate fixture(boolean dropCommitment) {
        ObjectNode json = Templates.fromGbtFixture(1, "core-regtest-h506-4tx.json");
        if (dropCommitment) {
            json.putNull("default_witness_commitment");
        }
        return events.template(json.toString(), 0);
    }

    @Test
    void theNodesCommitmentIsUsedAndMatchesTheOneComputedFromTheWtxids() {
        Work given = factory.build(fixture(false));
        Work computed = factory.build(fixture(true));

        assertThat(given.witnessCommitment()).isEqualTo("given");
        assertThat(computed.witnessCommitment()).isEqualTo("computed");
        assertThat(computed.coinbase()).isEqualTo(given.coinbase());
    }

    @Test
    void anUnrecognisableCommitmentIsReplacedByTheComputedOne() {
        ObjectNode json = Templates.fromGbtFixture(1, "core-regtest-h506-4tx.json");
        ((ObjectNode) json.get("default_witness_commitment")).put("given", "6a24" + "00".repeat(36));
        Work work = factory.build(events.template(json.toString(), 0));

        assertThat(work.witnessCommitment()).isEqualTo("computed");
        assertThat(work.coinbase()).isEqualTo(factory.build(fixture(false)).coinbase());
    }

    @Test
    void aTemplateWithoutWitnessDataGetsNoCommitment() {
        Work work = factory.build(events.template(
                Templates.empty(1, 300, Templates.hash(3), Templates.REGTEST_BITS, 1000)
                        .toString(),
                0));
        assertThat(work.witnessCommitment()).isEqualTo("none");
        assertThat(work.coinbase().hasWitness()).isFalse();
    }

    @Test
    void channelsWithDifferentExtranoncePrefixesGetDifferentMerkleRoots() {
        Work work = factory.build(fixture(false));
        assertThat(work.merkleRoot(HEX.parseHex("0000000100000001")))
                .isNotEqualTo(work.merkleRoot(HEX.parseHex("0000000100000002")));
    }

    @Test
    void theAssembledBlockIsWellFormedAndCommitsToItsTransactions() {
        StreamTemplate template = fixture(false);
        Work work = factory.build(template);
        byte[] extranonce = HEX.parseHex("a1a2a3a4000000ff");
        U256 root = work.merkleRoot(extranonce);
        BlockHeader header =
                new BlockHeader(template.version(), template.prevHash(), root, template.curtime(), template.nbits(), 9);

        Block block = Block.read(ByteBuffer.wrap(work.block(header, extranonce)));

        assertThat(block.getTransactions()).hasSize(5);
        assertThat(block.getMerkleRoot()).isEqualTo(Sha256Hash.wrapReversed(root.bytes()));
        Transaction coinbase = block.getTransactions().getFirst();
        assertThat(coinbase.getOutput(0).getScriptBytes()).isEqualTo(PAYOUT);
        assertThat(coinbase.getOutput(0).getValue().value).isEqualTo(template.coinbaseValue());
        byte[] scriptSig = coinbase.getInput(0).getScriptBytes();
        // BIP34 height 506 (push 2 bytes fa01), then the tag, then the extranonce push.
        assertThat(HEX.formatHex(scriptSig)).startsWith("02fa01");
        assertThat(new String(scriptSig, java.nio.charset.StandardCharsets.US_ASCII))
                .contains("Sv2/ReserveGrid//");
        assertThat(HEX.formatHex(scriptSig)).endsWith("08a1a2a3a4000000ff");
        for (int i = 0; i < 4; i++) {
            assertThat(block.getTransactions().get(i + 1).getTxId())
                    .isEqualTo(Sha256Hash.wrapReversed(
                            template.transactions().get(i).txid()));
        }
        // BIP141: the commitment output carries dSHA256(witness root || reserved value), reserved value all zeros.
        byte[] commitment = java.util.Arrays.copyOfRange(coinbase.getOutput(1).getScriptBytes(), 6, 38);
        assertThat(commitment)
                .isEqualTo(Sha256Hash.hashTwice(block.getWitnessRoot().serialize(), new byte[32]));
        assertThat(coinbase.getInput(0).getWitness().getPush(0)).isEqualTo(new byte[32]);
    }
}
