package org.reservegrid.sv2.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.Test;
import org.reservegrid.bitcoin.Bip34;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.bitcoin.Merkle;
import org.reservegrid.bitcoin.WitnessCommitment;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.crypto.TestVectors;

class CoinbaseAndMerkleTests {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void heightPushMatchesBitcoinCoreForSmallAndLargeHeights() {
        assertThat(HEX.formatHex(Bip34.heightScript(1))).isEqualTo("51");
        assertThat(HEX.formatHex(Bip34.heightScript(16))).isEqualTo("60");
        assertThat(HEX.formatHex(Bip34.heightScript(17))).isEqualTo("0111");
        assertThat(HEX.formatHex(Bip34.heightScript(127))).isEqualTo("017f");
        // 128 needs a padding byte: 0x80 alone would be read as negative zero.
        assertThat(HEX.formatHex(Bip34.heightScript(128))).isEqualTo("028000");
        assertThat(HEX.formatHex(Bip34.heightScript(900_000))).isEqualTo("03a0bb0d");
        assertThat(CoinbaseBuilder.startsWithHeight(HEX.parseHex("03a0bb0d0e"), 900_000))
                .isTrue();
    }

    @Test
    void coinbaseSplitsAroundTheExtranonceExactlyLikeTheDerivedReferencePoolVector() {
        tools.jackson.databind.JsonNode vector = TestVectors.json("derived/sv2-standard-share.derived.json");
        // Payout: 312,500,000 sat to a P2WPKH script; commitment output as the template gave it.
        byte[] payoutScript = HEX.parseHex("001404dc4f3db0e1d5ced709482dc7b86ade6e16a050");
        byte[] commitment = HEX.parseHex("d5775b05df63dc34e5b9a6554f4a6cdd0acbfede66eb02e50547c50941632ab8");
        byte[] extranonce = HEX.parseHex(vector.get("extranonce_prefix_hex").asString());

        CoinbaseParts parts = CoinbaseBuilder.build(new CoinbaseSpec(
                900_000, 312_500_000L, payoutScript, "JavaPool", "", 32, WitnessCommitment.script(commitment)));

        assertThat(HEX.formatHex(parts.prefix()))
                .isEqualTo(vector.get("coinbase_tx_prefix_hex").asString());
        assertThat(HEX.formatHex(parts.suffix()))
                .isEqualTo(vector.get("coinbase_tx_suffix_hex").asString());
        assertThat(HEX.formatHex(parts.txid(extranonce)))
                .isEqualTo(vector.get("coinbase_txid_raw_hex").asString());
        assertThat(Transaction.read(ByteBuffer.wrap(parts.forBlock(extranonce)))
                        .getTxId()
                        .toString())
                .isEqualTo(vector.get("coinbase_txid_display_hex").asString());
    }

    @Test
    void hashrateTargetFollowsTheReferencePoolFormula() {
        // 1 TH/s at 18 shares per minute: h*s = floor(1e12 * 60 / 18).
        BigInteger hashesPerShare = BigInteger.valueOf(3_333_333_333_333L);
        U256 target = Targets.forHashrate(1e12, 18);
        BigInteger max = U256.MAX.toBigInteger();

        assertThat(target.toBigInteger())
                .isEqualTo(max.subtract(hashesPerShare).divide(hashesPerShare.add(BigInteger.ONE)));
        assertThat(Targets.expectedHashes(target))
                .isCloseTo(3.333e12, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(Targets.forHashrate(0, 18)).isEqualTo(U256.MAX);
        assertThat(Targets.harder(target, U256.MAX)).isEqualTo(target);
    }

    @Test
    void merklePathFromTheCoinbaseMatchesAFullTreeForEveryTreeSize() {
        for (int others = 0; others <= 9; others++) {
            List<byte[]> txids = new ArrayList<>();
            for (int i = 0; i < others; i++) {
                txids.add(DoubleSha256.hash(new byte[] {(byte) i}));
            }
            byte[] coinbaseTx = {0x01, 0x02, (byte) 0xcb};
            List<byte[]> leaves = new ArrayList<>();
            leaves.add(DoubleSha256.hash(coinbaseTx));
            leaves.addAll(txids);

            U256 viaPath = MerkleRoots.fromCoinbase(coinbaseTx, MerkleRoots.coinbasePath(txids));

            assertThat(viaPath.bytes())
                    .as("tree with %d other transactions", others)
                    .isEqualTo(Merkle.root(leaves));
        }
    }

    @Test
    void assembledBlockParsesWithBitcoinjAndItsMerkleRootMatches() {
        CoinbaseParts coinbase = CoinbaseBuilder.build(
                new CoinbaseSpec(101, 5_000_000_000L, HEX.parseHex("0014" + "11".repeat(20)), "rg", "", 8, null));
        byte[] extranonce = HEX.parseHex("0102030405060708");
        U256 root = MerkleRoots.fromCoinbase(coinbase.nonWitness(extranonce), MerkleRoots.coinbasePath(List.of()));
        BlockHeader header = new BlockHeader(0x2000_0000, U256.ZERO, root, 1_700_000_000L, 0x207fffffL, 7);

        byte[] block = BlockAssembler.assemble(header, coinbase.forBlock(extranonce), List.of());

        Block parsed = Block.read(ByteBuffer.wrap(block));
        assertThat(parsed.getTransactions()).hasSize(1);
        assertThat(parsed.getMerkleRoot()).isEqualTo(Sha256Hash.wrapReversed(root.bytes()));
        assertThat(parsed.getHash())
                .isEqualTo(Sha256Hash.wrapReversed(header.hash().bytes()));
        assertThat(Transaction.read(ByteBuffer.wrap(coinbase.forBlock(extranonce)))
                        .getTxId())
                .isEqualTo(Sha256Hash.wrapReversed(coinbase.txid(extranonce)));
    }

    @Test
    void witnessCommitmentFromATemplateAcceptsBothNodeStyles() {
        byte[] hash = DoubleSha256.hash(new byte[] {1});
        byte[] script = WitnessCommitment.script(hash);

        assertThat(Scripts.witnessCommitmentFromTemplate(hash)).isEqualTo(script);
        assertThat(Scripts.witnessCommitmentFromTemplate(script)).isEqualTo(script);
        assertThatThrownBy(() -> Scripts.witnessCommitmentFromTemplate(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOverlongCoinbaseTagIsRefusedBeforeItBreaksConsensus() {
        assertThatThrownBy(() -> CoinbaseBuilder.build(
                        new CoinbaseSpec(1, 1, new byte[] {0x51}, "p".repeat(60), "m".repeat(20), 32, null)))
                .hasMessageContaining("100");
    }
}
