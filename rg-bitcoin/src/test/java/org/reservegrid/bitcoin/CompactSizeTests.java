package org.reservegrid.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.bitcoinj.base.VarInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CompactSize against bitcoinj's {@link VarInt}, the boundaries by hand, and any input decodes or fails typed. */
class CompactSizeTests {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "252, fc",
        "253, fdfd00",
        "65535, fdffff",
        "65536, fe00000100",
        "4294967295, feffffffff",
        "4294967296, ff0000000001000000",
        "9223372036854775807, ffffffffffffffff7f"
    })
    void boundariesUseTheShortestForm(long value, String encoded) {
        assertThat(HEX.formatHex(new ByteWriter().compactSize(value).toByteArray()))
                .isEqualTo(encoded);
        assertThat(CompactSize.encodedLength(value)).isEqualTo(encoded.length() / 2);
        assertThat(CompactSize.read(ByteBuffer.wrap(HEX.parseHex(encoded)))).isEqualTo(value);
    }

    @Property
    void writeMatchesBitcoinjAndReadsBack(@ForAll("values") long value) {
        ByteWriter out = new ByteWriter();
        CompactSize.write(out, value);
        byte[] encoded = out.toByteArray();

        assertThat(encoded).isEqualTo(VarInt.of(value).serialize());
        assertThat(CompactSize.encodedLength(value))
                .isEqualTo(VarInt.sizeOf(value))
                .isEqualTo(encoded.length);
        ByteBuffer in = ByteBuffer.wrap(encoded);
        assertThat(CompactSize.read(in)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Property
    void anyBytesDecodeToACanonicalValueOrFailWithTheTypedError(@ForAll @Size(max = 12) byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        long value;
        try {
            value = CompactSize.read(in);
        } catch (BitcoinDecodeException rejected) {
            return;
        }
        // Whatever was accepted is exactly the shortest encoding of the value read.
        byte[] consumed = java.util.Arrays.copyOf(input, in.position());
        assertThat(new ByteWriter().compactSize(value).toByteArray()).isEqualTo(consumed);
    }

    @ParameterizedTest
    @CsvSource({
        "'', nothing",
        "fd, truncated",
        "fdff, truncated",
        "fe000001, truncated",
        "ff00000000000000, truncated",
        "fdfc00, non-canonical",
        "fe00ff0000, non-canonical",
        "feffff0000, non-canonical",
        "ffffffffff00000000, non-canonical",
        "ff0000000000000080, above 2^63-1"
    })
    void badInputIsATypedError(String hex, String why) {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(hex));

        assertThatThrownBy(() -> CompactSize.read(in)).as(why).isInstanceOf(BitcoinDecodeException.class);
    }

    @Property
    void negativeValuesAreRefusedWhenWriting(@ForAll("negative") long value) {
        assertThatThrownBy(() -> new ByteWriter().compactSize(value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactSize.encodedLength(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<Long> values() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 0x1_0000),
                Arbitraries.longs().between(0xfff0, 0x1_0000_0010L),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(0L, 0xfcL, 0xfdL, 0xffffL, 0x1_0000L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<Long> negative() {
        return Arbitraries.longs().between(Long.MIN_VALUE, -1);
    }
}
