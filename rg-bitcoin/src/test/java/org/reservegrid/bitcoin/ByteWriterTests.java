package org.reservegrid.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Little-endian fields, growth beyond the initial capacity, and reuse after reset. */
class ByteWriterTests {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void writesEveryFieldLittleEndian() {
        ByteWriter out = new ByteWriter(1)
                .u8(0xab) // u8
                .u16(0x0102) // u16
                .u32(0xfffffffeL) // u32
                .u32(-1) // a signed int32 keeps its bits
                .u64(0x0102030405060708L) // u64
                .compactSize(300) // CompactSize: 0xfd, then 300 as u16
                .varBytes(new byte[] {9, 8}) // length 2, then the bytes
                .bytes(new byte[] {1, 2, 3, 4}, 1, 2); // a slice

        assertThat(HEX.formatHex(out.toByteArray()))
                .isEqualTo("ab" + "0201" + "feffffff" + "ffffffff" + "0807060504030201" + "fd2c01" + "020908" + "0203");
        assertThat(out.length()).isEqualTo(27);
    }

    @Test
    void growsPastItsCapacityAndKeepsItAfterReset() {
        ByteWriter out = new ByteWriter(16);
        byte[] big = new byte[10_000];
        big[9_999] = 7;

        out.bytes(big).u8(1);
        assertThat(out.length()).isEqualTo(10_001);
        assertThat(out.toByteArray()[9_999]).isEqualTo((byte) 7);

        out.reset().u8(5);
        assertThat(out.toByteArray()).containsExactly(5);
    }

    @Test
    void appendsAnotherWritersContentAndHashesItsOwnWithoutCopying() {
        ByteWriter inner = new ByteWriter().u32(1);
        ByteWriter outer = new ByteWriter().u8(0).bytes(inner);

        assertThat(HEX.formatHex(outer.toByteArray())).isEqualTo("0001000000");
        assertThat(outer.doubleSha256(DoubleSha256.newHasher())).isEqualTo(DoubleSha256.hash(outer.toByteArray()));
    }
}
