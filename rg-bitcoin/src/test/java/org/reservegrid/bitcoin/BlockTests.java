package org.reservegrid.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptBuilder;
import org.bitcoinj.script.ScriptPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Block-level primitives against bitcoinj's {@link Block}: the header, the merkle root, the coinbase path, the
 * witness commitment and the BIP34 height.
 */
class BlockTests {

    @Property
    void headerSerialisesAndHashesAsBitcoinjsBlockHeader(
            @ForAll @Size(32) byte[] previous,
            @ForAll @Size(32) byte[] root,
            @ForAll @LongRange(max = 0xffffffffL) long version,
            @ForAll @LongRange(max = 0xffffffffL) long time,
            @ForAll @LongRange(max = 0xffffffffL) long bits,
            @ForAll @LongRange(max = 0xffffffffL) long nonce) {
        BlockHeader ours = new BlockHeader(version, previous, root, time, bits, nonce);
        Block theirs = new Block(
                version,
                Sha256Hash.wrapReversed(previous),
                Sha256Hash.wrapReversed(root),
                Instant.ofEpochSecond(time),
                bits,
                nonce,
                null);

        byte[] serialised = ours.toByteArray();
        assertThat(serialised)
                .hasSize(BlockHeader.LENGTH)
                .isEqualTo(theirs.cloneAsHeader().serialize());
        assertThat(DisplayHex.format(ours.hash())).isEqualTo(theirs.getHashAsString());
        assertThat(BlockHeader.read(ByteBuffer.wrap(serialised))).isEqualTo(ours);

        byte[] regrind = serialised.clone();
        BlockHeader.putNonce(regrind, nonce ^ 1);
        assertThat(BlockHeader.read(ByteBuffer.wrap(regrind)).nonce()).isEqualTo(nonce ^ 1);
    }

    @Test
    void aShortHeaderIsATypedError() {
        assertThatThrownBy(() -> BlockHeader.read(ByteBuffer.wrap(new byte[79])))
                .isInstanceOf(BitcoinDecodeException.class);
    }

    @Property(tries = 100)
    void merkleRootAndCoinbasePathMatchBitcoinjForAnyTransactionCount(
            @ForAll @IntRange(max = 40) int others, @ForAll long seed) {
        Random random = new Random(seed);
        List<Transaction> transactions = new ArrayList<>();
        transactions.add(RandomTransactions.coinbase(800_000, 625_000_000L, true));
        for (int i = 0; i < others; i++) {
            transactions.add(RandomTransactions.create(random, random.nextBoolean()));
        }
        Block theirs = bitcoinjBlock(transactions);
        List<byte[]> txids = transactions.stream().map(Transaction::txid).toList();

        byte[] root = Merkle.root(txids);
        List<byte[]> path = Merkle.coinbasePath(txids.subList(1, txids.size()));

        assertThat(DisplayHex.format(root)).isEqualTo(theirs.getMerkleRoot().toString());
        assertThat(Merkle.foldPath(txids.getFirst(), path)).isEqualTo(root);
        assertThat(path).hasSize(others == 0 ? 0 : 64 - Long.numberOfLeadingZeros(others));
    }

    @Property(tries = 100)
    void witnessCommitmentMatchesBitcoinjsWitnessRoot(
            @ForAll @IntRange(min = 1, max = 30) int others, @ForAll long seed) {
        Random random = new Random(seed);
        List<Transaction> transactions = new ArrayList<>();
        transactions.add(RandomTransactions.coinbase(800_000, 625_000_000L, true));
        for (int i = 0; i < others; i++) {
            transactions.add(RandomTransactions.create(random, random.nextBoolean()));
        }
        Block theirs = bitcoinjBlock(transactions);

        byte[] hash = WitnessCommitment.hash(
                transactions.stream().skip(1).map(Transaction::wtxid).toList());
        byte[] script = WitnessCommitment.script(hash);

        assertThat(hash)
                .isEqualTo(Sha256Hash.twiceOf(theirs.getWitnessRoot().serialize(), new byte[32])
                        .getBytes());
        Script parsed = Script.parse(script);
        assertThat(ScriptPattern.isWitnessCommitment(parsed)).isTrue();
        assertThat(ScriptPattern.extractWitnessCommitmentHash(parsed).getBytes())
                .isEqualTo(hash);
        assertThat(WitnessCommitment.isScript(script)).isTrue();
        assertThat(HexFormat.of().formatHex(script)).startsWith(WitnessCommitment.SCRIPT_PREFIX_HEX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"core-regtest-h506-4tx.json", "core-signet-h956-4tx.json"})
    void witnessCommitmentIsTheOneBitcoinCoreComputedForItsTemplate(String fixture) {
        CoreTemplateFixture template = CoreTemplateFixture.read(fixture);

        byte[] hash = WitnessCommitment.hash(template.transactions().stream()
                .map(tx -> DisplayHex.parse(tx.wtxid()))
                .toList());

        assertThat(HexFormat.of().formatHex(WitnessCommitment.script(hash)))
                .isEqualTo(template.defaultWitnessCommitment());
    }

    @Test
    void commitmentScriptShapesAreCheckedExactly() {
        assertThatThrownBy(() -> WitnessCommitment.script(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(WitnessCommitment.isScript(new byte[38])).isFalse();
        assertThat(WitnessCommitment.isScript(WitnessCommitment.script(new byte[32])))
                .isTrue();
        assertThat(WitnessCommitment.isScript(new byte[32])).isFalse();
    }

    @Test
    void merkleRootOfNothingIsRefusedAndOfOneLeafIsThatLeaf() {
        byte[] leaf = DoubleSha256.hash(new byte[] {1});

        assertThatThrownBy(() -> Merkle.root(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Merkle.root(List.of(leaf))).isEqualTo(leaf);
        assertThat(Merkle.coinbasePath(List.of())).isEmpty();
        assertThat(Merkle.foldPath(leaf, List.of())).isEqualTo(leaf);
    }

    @ParameterizedTest
    @ValueSource(
            longs = {0, 1, 16, 17, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 8388607, 8388608, 900_000, 1L << 31})
    void bip34HeightScriptIsBitcoinjsScriptNumberPushAndPassesItsCoinbaseCheck(long height) {
        byte[] ours = Bip34.heightScript(height);

        assertThat(ours).isEqualTo(new ScriptBuilder().number(height).build().program());
        if (height >= 1 && height <= Integer.MAX_VALUE) {
            org.bitcoinj.core.Transaction coinbase = org.bitcoinj.core.Transaction.read(ByteBuffer.wrap(
                    RandomTransactions.coinbase(height, 1, false).toByteArray()));
            org.assertj.core.api.Assertions.assertThatCode(() -> coinbase.checkCoinBaseHeight((int) height))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void bip34KnownEncodings() {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(Bip34.heightScript(1))).isEqualTo("51");
        assertThat(hex.formatHex(Bip34.heightScript(16))).isEqualTo("60");
        assertThat(hex.formatHex(Bip34.heightScript(17))).isEqualTo("0111");
        assertThat(hex.formatHex(Bip34.heightScript(128))).isEqualTo("028000");
        assertThat(hex.formatHex(Bip34.heightScript(900_000))).isEqualTo("03a0bb0d");
        assertThatThrownBy(() -> Bip34.heightScript(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Block bitcoinjBlock(List<Transaction> transactions) {
        List<org.bitcoinj.core.Transaction> theirs = transactions.stream()
                .map(tx -> org.bitcoinj.core.Transaction.read(ByteBuffer.wrap(tx.toByteArray())))
                .toList();
        // A null merkle root makes bitcoinj compute it from the transactions.
        return new Block(1, Sha256Hash.ZERO_HASH, null, Instant.EPOCH, 0x207fffffL, 0L, theirs);
    }
}
