package org.reservegrid.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bitcoinj.base.Sha256Hash;
import org.junit.jupiter.api.Test;

/** Double SHA-256 in every form, checked against bitcoinj's {@link Sha256Hash}. */
class DoubleSha256Tests {

    @Test
    void hashOfTheEmptyStringIsTheKnownValue() {
        // SHA256(SHA256("")), a widely published constant.
        assertThat(HexFormat.of().formatHex(DoubleSha256.hash(new byte[0])))
                .isEqualTo("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
    }

    @Test
    void genesisHeaderHashesToTheGenesisBlockHash() {
        byte[] genesisHeader = HexFormat.of()
                .parseHex("01000000" + "00".repeat(32)
                        + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"
                        + "29ab5f49" + "ffff001d" + "1dac2b7c");

        assertThat(DisplayHex.format(DoubleSha256.hash(genesisHeader)))
                .isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    }

    @Property
    void wholeArrayMatchesBitcoinj(@ForAll @Size(max = 300) byte[] data) {
        assertThat(DoubleSha256.hash(data)).isEqualTo(Sha256Hash.hashTwice(data));
        assertThat(DoubleSha256.newHasher().hash(data)).isEqualTo(Sha256Hash.hashTwice(data));
    }

    @Property
    void sliceMatchesBitcoinj(
            @ForAll @Size(min = 1, max = 300) byte[] data, @ForAll @IntRange(max = 299) int from, @ForAll int salt) {
        int offset = from % data.length;
        int length = Math.floorMod(salt, data.length - offset + 1);
        byte[] expected = Sha256Hash.hashTwice(data, offset, length);

        assertThat(DoubleSha256.hash(data, offset, length)).isEqualTo(expected);
        assertThat(DoubleSha256.newHasher().hash(data, offset, length)).isEqualTo(expected);
    }

    @Property
    void pairIsTheHashOfTheConcatenationAsBitcoinjComputesIt(
            @ForAll @Size(32) byte[] left, @ForAll @Size(32) byte[] right) {
        byte[] expected = Sha256Hash.hashTwice(left, right);

        assertThat(DoubleSha256.hashPair(left, right)).isEqualTo(expected);
        assertThat(DoubleSha256.newHasher().hashPair(left, right)).isEqualTo(expected);
    }

    @Test
    void aReusedHasherGivesTheSameAnswerEveryTimeAndHashIntoWritesTheHashInPlace() {
        DoubleSha256.Hasher hasher = DoubleSha256.newHasher();
        byte[] header = new byte[BlockHeader.LENGTH];
        byte[] out = new byte[DoubleSha256.LENGTH];
        for (long nonce = 0; nonce < 1000; nonce++) {
            BlockHeader.putNonce(header, nonce);
            hasher.hashInto(header, 0, header.length, out);
            assertThat(out).isEqualTo(Sha256Hash.hashTwice(header));
        }
        byte[] text = "reservegrid".getBytes(StandardCharsets.US_ASCII);
        assertThat(hasher.hash(text)).isEqualTo(hasher.hash(text)).isEqualTo(Sha256Hash.hashTwice(text));
    }
}
