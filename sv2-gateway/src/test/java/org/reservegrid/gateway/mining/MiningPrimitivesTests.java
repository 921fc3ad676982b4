package org.reservegrid.gateway.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.junit.jupiter.api.Test;

class MiningPrimitivesTests {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void heightPushMatchesBitcoinCoreForSmallAndLargeHeights() {
        assertThat(HEX.formatHex(Scripts.heightPush(1))).isEqualTo("51");
        assertThat(HEX.formatHex(Scripts.heightPush(16))).isEqualTo("60");
        assertThat(HEX.formatHex(Scripts.heightPush(17))).isEqualTo("0111");
        assertThat(HEX.formatHex(Scripts.heightPush(127))).isEqualTo("017f");
        // 128 needs a padding byte: 0x80 alone would be read as negative zero.
        assertThat(HEX.formatHex(Scripts.heightPush(128))).isEqualTo("028000");
        assertThat(HEX.formatHex(Scripts.heightPush(900_000))).isEqualTo("03a0bb0d");
        assertThat(CoinbaseBuilder.startsWithHeight(HEX.parseHex("03a0bb0d0e"), 900_000))
                .isTrue();
    }

    @Test
    void compactTargetsDecodeLikeConsensus() {
        assertThat(Target.fromCompact(0x1d00ffffL).value()).isEqualTo(Target.DIFFICULTY_ONE);
        assertThat(Target.fromCompact(0x1d00ffffL).difficulty()).isEqualTo(1.0);
        assertThat(Target.fromCompact(0x207fffffL).value())
                .isEqualTo(new BigInteger("7fffff", 16).shiftLeft(8 * (0x20 - 3)));
        assertThatThrownBy(() -> Target.fromCompact(0x04923456L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetsRoundTripThroughTheirWireBytes() {
        Target target = Target.fromCompact(0x1b0404cbL);

        assertThat(Target.fromLittleEndian(target.toLittleEndian())).isEqualTo(target);
        assertThat(target.toLittleEndian()).hasSize(32);
    }

    @Test
    void hashrateTargetFollowsTheReferencePoolFormula() {
        // 1 TH/s at 18 shares per minute: h*s = floor(1e12 * 60 / 18).
        BigInteger hashesPerShare = BigInteger.valueOf(3_333_333_333_333L);
        Target target = Target.forHashrate(1e12, 18);

        assertThat(target.value())
                .isEqualTo(Target.MAX_VALUE.subtract(hashesPerShare).divide(hashesPerShare.add(BigInteger.ONE)));
        assertThat(target.expectedHashes()).isCloseTo(3.333e12, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(Target.forHashrate(0, 18).value()).isEqualTo(Target.MAX_VALUE);
    }

    @Test
    void merklePathFromTheCoinbaseMatchesAFullTreeForEveryTreeSize() {
        for (int others = 0; others <= 9; others++) {
            List<byte[]> txids = new ArrayList<>();
            for (int i = 0; i < others; i++) {
                txids.add(Hashes.sha256d(new byte[] {(byte) i}));
            }
            byte[] coinbase = Hashes.sha256d(new byte[] {(byte) 0xcb});
            List<byte[]> leaves = new ArrayList<>();
            leaves.add(coinbase);
            leaves.addAll(txids);

            byte[] viaPath = MerklePath.root(coinbase, MerklePath.forCoinbase(txids));

            assertThat(viaPath).as("tree with %d other transactions", others).isEqualTo(MerklePath.rootOf(leaves));
        }
    }

    @Test
    void assembledBlockParsesWithBitcoinjAndItsMerkleRootMatches() {
        CoinbaseParts coinbase = CoinbaseBuilder.build(
                new CoinbaseSpec(101, 5_000_000_000L, HEX.parseHex("0014" + "11".repeat(20)), "rg", "", 8, null));
        byte[] extranonce = HEX.parseHex("0102030405060708");
        byte[] root = MerklePath.root(coinbase.txid(extranonce), MerklePath.forCoinbase(List.of()));
        BlockHeader header = new BlockHeader(0x2000_0000, new byte[32], root, 1_700_000_000L, 0x207fffffL, 7);

        byte[] block = BlockAssembler.assemble(header, coinbase.forBlock(extranonce), List.of());

        Block parsed = Block.read(ByteBuffer.wrap(block));
        assertThat(parsed.getTransactions()).hasSize(1);
        assertThat(parsed.getMerkleRoot()).isEqualTo(Sha256Hash.wrapReversed(root));
        assertThat(parsed.getHash()).isEqualTo(Sha256Hash.wrapReversed(header.hash()));
    }

    @Test
    void witnessCommitmentFromATemplateAcceptsBothNodeStyles() {
        byte[] hash = Hashes.sha256d(new byte[] {1});
        byte[] script = Scripts.witnessCommitmentScript(hash);

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
