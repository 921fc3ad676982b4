package org.reservegrid.gateway.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.Test;
import org.reservegrid.gateway.SharedVectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reproduces ../shared/vectors/derived/sv2-standard-share.derived.json byte for byte, cross-checked with bitcoinj. */
class StandardShareVectorTests {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTOR = JsonMapper.builder()
            .build()
            .readTree(SharedVectors.file("derived/sv2-standard-share.derived.json")
                    .toFile());

    private static byte[] hex(String field) {
        return HEX.parseHex(VECTOR.get(field).asString());
    }

    private static CoinbaseParts vectorCoinbase() {
        byte[] suffix = hex("coinbase_tx_suffix_hex");
        // Payout output: value 312,500,000 sat to a P2WPKH script; commitment output as the template gave it.
        byte[] payoutScript = HEX.parseHex("001404dc4f3db0e1d5ced709482dc7b86ade6e16a050");
        byte[] commitment = HEX.parseHex("d5775b05df63dc34e5b9a6554f4a6cdd0acbfede66eb02e50547c50941632ab8");
        assertThat(HEX.formatHex(suffix)).contains(HEX.formatHex(payoutScript)).contains(HEX.formatHex(commitment));
        return CoinbaseBuilder.build(new CoinbaseSpec(
                900_000, 312_500_000L, payoutScript, "JavaPool", "", 32, Scripts.witnessCommitmentScript(commitment)));
    }

    @Test
    void coinbaseSplitsAroundTheExtranonceExactlyLikeTheReferencePool() {
        CoinbaseParts parts = vectorCoinbase();

        assertThat(HEX.formatHex(parts.prefix()))
                .isEqualTo(VECTOR.get("coinbase_tx_prefix_hex").asString());
        assertThat(HEX.formatHex(parts.suffix()))
                .isEqualTo(VECTOR.get("coinbase_tx_suffix_hex").asString());
        assertThat(HEX.formatHex(parts.nonWitness(hex("extranonce_prefix_hex"))))
                .isEqualTo(VECTOR.get("coinbase_non_witness_hex").asString());
    }

    @Test
    void coinbaseTxidMatchesTheVectorAndBitcoinj() {
        byte[] extranonce = hex("extranonce_prefix_hex");
        CoinbaseParts parts = vectorCoinbase();

        byte[] txid = parts.txid(extranonce);

        assertThat(HEX.formatHex(txid))
                .isEqualTo(VECTOR.get("coinbase_txid_raw_hex").asString());
        Transaction bitcoinj = Transaction.read(ByteBuffer.wrap(parts.forBlock(extranonce)));
        assertThat(bitcoinj.getTxId().toString())
                .isEqualTo(VECTOR.get("coinbase_txid_display_hex").asString());
        assertThat(bitcoinj.hasWitnesses()).isTrue();
    }

    @Test
    void merkleRootFollowsThePathFromTheCoinbase() {
        List<byte[]> path = VECTOR.get("merkle_path_raw_hex")
                .valueStream()
                .map(node -> HEX.parseHex(node.asString()))
                .toList();

        byte[] root = MerklePath.root(hex("coinbase_txid_raw_hex"), path);

        assertThat(HEX.formatHex(root))
                .isEqualTo(VECTOR.get("merkle_root_raw_hex (NewMiningJob.merkle_root bytes)")
                        .asString());
    }

    @Test
    void acceptedAndRejectedSharesHashAndCompareAsTheVectorSays() {
        JsonNode prevHash = VECTOR.get("SetNewPrevHash");
        Target channelTarget = Target.fromLittleEndian(hex("channel_target_le_hex (U256 on the wire)"));
        Target networkTarget = Target.fromCompact(prevHash.get("nbits").asLong());
        assertThat(networkTarget.value())
                .isEqualTo(new BigInteger(VECTOR.get("network_target_be_hex").asString(), 16));
        assertThat(channelTarget.value())
                .isEqualTo(new BigInteger(VECTOR.get("channel_target_be_hex").asString(), 16));

        for (String shareName : List.of("accepted_share", "rejected_share_difficulty_too_low")) {
            JsonNode share = VECTOR.get(shareName);
            BlockHeader header = new BlockHeader(
                    VECTOR.get("share_version (rolled within 0x1fffffe0)").asInt(),
                    HEX.parseHex(prevHash.get("prev_hash_raw_hex").asString()),
                    hex("merkle_root_raw_hex (NewMiningJob.merkle_root bytes)"),
                    VECTOR.get("share_ntime").asLong(),
                    prevHash.get("nbits").asLong(),
                    share.get("nonce").asLong());

            assertThat(HEX.formatHex(header.serialize()))
                    .isEqualTo(share.get("header_hex").asString());
            assertThat(HEX.formatHex(header.hash()))
                    .isEqualTo(share.get("hash_raw_hex").asString());
            assertThat(channelTarget.isMetBy(header.hash()))
                    .isEqualTo(share.get("meets_channel_target").asBoolean());
            assertThat(networkTarget.isMetBy(header.hash()))
                    .isEqualTo(share.get("meets_network_target").asBoolean());
            Block bitcoinjHeader = Block.read(ByteBuffer.wrap(header.serialize()));
            assertThat(bitcoinjHeader.getHashAsString())
                    .isEqualTo(share.get("hash_display_hex").asString());
        }
    }
}
