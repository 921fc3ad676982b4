package org.reservegrid.sv2.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;

/** Hand-written fixtures for every binary_sv2 type (INTEROP-NOTES §3), each ending in a write-read round trip. */
class BinaryTypesTests {

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    private static String written(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        writer.accept(out);
        return ByteBufUtil.hexDump(out);
    }

    @Nested
    class Integers {

        @Test
        void everyIntegerTypeIsLittleEndian() {
            ByteBuf in = hex(
                    "ab" // U8 0xab
                            + "3412" // U16 0x1234
                            + "563412" // U24 0x123456
                            + "78563412" // U32 0x12345678
                            + "f0debc9a78563412" // U64 0x123456789abcdef0
                    );

            U8 u8 = U8.read(in);
            U16 u16 = U16.read(in);
            U24 u24 = U24.read(in);
            U32 u32 = U32.read(in);
            U64 u64 = U64.read(in);

            assertThat(u8.value()).isEqualTo(0xab);
            assertThat(u16.value()).isEqualTo(0x1234);
            assertThat(u24.value()).isEqualTo(0x123456);
            assertThat(u32.value()).isEqualTo(0x12345678L);
            assertThat(u64.value()).isEqualTo(0x123456789abcdef0L);
            assertThat(in.isReadable()).isFalse();
            assertThat(written(out -> {
                        u8.write(out);
                        u16.write(out);
                        u24.write(out);
                        u32.write(out);
                        u64.write(out);
                    }))
                    .isEqualTo("ab3412563412785634" + "12f0debc9a78563412");
        }

        @Test
        void unsignedValuesAboveTheSignedRangeStayPositive() {
            ByteBuf in = hex(
                    "ff" // U8 255
                            + "ffff" // U16 65535
                            + "ffffff" // U24 16777215
                            + "ffffffff" // U32 4294967295
                            + "ffffffffffffffff" // U64 2^64-1
                    );

            assertThat(U8.readValue(in)).isEqualTo(255);
            assertThat(U16.readValue(in)).isEqualTo(65_535);
            assertThat(U24.readValue(in)).isEqualTo(16_777_215);
            assertThat(U32.readValue(in)).isEqualTo(4_294_967_295L);
            assertThat(Long.toUnsignedString(U64.readValue(in))).isEqualTo("18446744073709551615");
        }

        @Test
        void valuesOutsideTheirWidthAreRejectedWhenConstructed() {
            assertThatThrownBy(() -> new U8(256)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new U16(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new U24(1 << 24)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new U32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> U32.writeValue(Unpooled.buffer(), -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void truncatedIntegersAreMalformedInput() {
            assertDecodeError(() -> U16.read(hex("01")));
            assertDecodeError(() -> U24.read(hex("0102")));
            assertDecodeError(() -> U32.read(hex("010203")));
            assertDecodeError(() -> U64.read(hex("01020304050607")));
            assertDecodeError(() -> U8.read(hex("")));
        }
    }

    @Nested
    class BoolAndF32 {

        @Test
        void boolReadsOnlyBitZeroAsSriDoes() {
            assertThat(Bool.read(hex("00")).value()).isFalse();
            assertThat(Bool.read(hex("01")).value()).isTrue();
            assertThat(Bool.read(hex("03")).value()).isTrue(); // only bit 0 carries meaning
            assertThat(Bool.read(hex("fe")).value()).isFalse();
            assertThat(written(new Bool(true)::write)).isEqualTo("01");
            assertThat(Bool.read(hex(written(new Bool(false)::write)))).isEqualTo(new Bool(false));
        }

        @Test
        void f32IsLittleEndianIeee754() {
            ByteBuf in = hex("a5d46853"); // 1e12 f32 = 0x5368d4a5

            F32 value = F32.read(in);

            assertThat(value.value()).isEqualTo(1.0e12f);
            assertThat(written(value::write)).isEqualTo("a5d46853");
            assertThat(F32.read(hex(written(value::write)))).isEqualTo(value);
        }
    }

    @Nested
    class FixedWidthBytes {

        @Test
        void u256KeepsWireOrderAndComparesAsLittleEndianInteger() {
            String wire = "01" + "00".repeat(30) + "80"; // least significant byte first
            U256 value = U256.read(hex(wire));

            assertThat(value.toHex()).isEqualTo(wire);
            assertThat(value.toBigInteger())
                    .isEqualTo(BigInteger.ONE.shiftLeft(255).add(BigInteger.ONE));
            assertThat(U256.fromBigInteger(value.toBigInteger())).isEqualTo(value);
            assertThat(value).isGreaterThan(U256.fromHex("ff".repeat(31) + "7f"));
            assertThat(U256.ZERO).isLessThan(value);
            assertThat(U256.MAX.toHex()).isEqualTo("ff".repeat(32));
            assertThat(U256.read(hex(written(value::write)))).isEqualTo(value);
        }

        @Test
        void fixedWidthTypesRejectWrongSizesAndTruncation() {
            assertThatThrownBy(() -> U256.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PubKey.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> U256.fromBigInteger(BigInteger.ONE.shiftLeft(256)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertDecodeError(() -> U256.read(hex("00".repeat(31))));
            assertDecodeError(() -> PubKey.read(hex("00".repeat(31))));
            assertDecodeError(() -> Signature.read(hex("00".repeat(63))));
        }

        @Test
        void pubkeyAndSignatureAreRawBytes() {
            String key = "9d26652a45983956a35c1ae2db5a3018d20ab6c5b4436d02b231fd9e1f3113fb"; // 32-byte x-only key
            String signature = "ab".repeat(64); // 64-byte BIP340 signature

            PubKey pubKey = PubKey.read(hex(key));
            Signature sig = Signature.read(hex(signature));

            assertThat(pubKey.toHex()).isEqualTo(key);
            assertThat(sig.encodedLength()).isEqualTo(64);
            assertThat(PubKey.read(hex(written(pubKey::write)))).isEqualTo(pubKey);
            assertThat(Signature.read(hex(written(sig::write)))).isEqualTo(sig);
            assertThat(pubKey).isNotEqualTo(U256.fromHex(key)); // same bytes, different type
        }
    }

    @Nested
    class LengthPrefixed {

        @Test
        void str0255IsAU8LengthAndRawBytes() {
            ByteBuf in = hex(
                    "0c" // length 12
                            + "757365722e776f726b657231" // "user.worker1"
                    );

            Str0255 value = Str0255.read(in);

            assertThat(value.asString()).isEqualTo("user.worker1");
            assertThat(value.encodedLength()).isEqualTo(13);
            assertThat(Str0255.read(hex(written(value::write)))).isEqualTo(value);
        }

        @Test
        void str0255KeepsInvalidUtf8BytesForAnExactReencoding() {
            Str0255 value = Str0255.read(hex("02" + "c328")); // length 2, an invalid UTF-8 sequence

            assertThat(written(value::write)).isEqualTo("02c328");
            assertThat(value.asString()).contains("\uFFFD");
        }

        @Test
        void everyLengthPrefixUsesItsOwnWidth() {
            assertThat(written(B032.of(new byte[] {1, 2})::write)).isEqualTo("02" + "0102");
            assertThat(written(B0255.of(new byte[] {1, 2})::write)).isEqualTo("02" + "0102");
            assertThat(written(B064K.of(new byte[] {1, 2})::write)).isEqualTo("0200" + "0102");
            assertThat(written(B016M.of(new byte[] {1, 2})::write)).isEqualTo("020000" + "0102");
            assertThat(B064K.read(hex("0200" + "0102"))).isEqualTo(B064K.of(new byte[] {1, 2}));
            assertThat(B016M.read(hex("020000" + "0102"))).isEqualTo(B016M.of(new byte[] {1, 2}));
        }

        @Test
        void upperBoundsAreEnforcedWhenConstructingAndWhenDecoding() {
            assertThatThrownBy(() -> Str0255.of("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> B032.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
            assertThat(B032.of(new byte[32]).length()).isEqualTo(32);
            assertDecodeError(() -> B032.read(hex("21" + "00".repeat(33)))); // length 33 > 32
        }

        @Test
        void aDeclaredLengthBeyondTheBufferIsMalformedBeforeAnythingIsAllocated() {
            assertDecodeError(() -> Str0255.read(hex("05" + "6162"))); // 5 declared, 2 present
            assertDecodeError(() -> B016M.read(hex("ffffff" + "00"))); // 16 MiB declared, 1 present
            assertDecodeError(() -> B064K.read(hex("01"))); // truncated length prefix
        }
    }

    @Nested
    class Containers {

        @Test
        void seq064kIsAU16CountAndTheElements() {
            ByteBuf in = hex(
                    "0200" // count 2
                            + "01000000" // U32 1
                            + "ffffffff" // U32 4294967295
                    );

            Seq064K<Long> value = Seq064K.read(in, U32.CODEC);

            assertThat(value.elements()).containsExactly(1L, 4_294_967_295L);
            assertThat(value.encodedLength(U32.CODEC)).isEqualTo(10);
            assertThat(Seq064K.read(hex(written(out -> value.write(out, U32.CODEC))), U32.CODEC))
                    .isEqualTo(value);
        }

        @Test
        void seq0255IsAU8CountAndTheElements() {
            ByteBuf in = hex(
                    "01" // count 1
                            + "11".repeat(32) // one U256
                    );

            Seq0255<U256> value = Seq0255.read(in, U256.CODEC);

            assertThat(value.elements()).containsExactly(U256.fromHex("11".repeat(32)));
            assertThat(Seq0255.read(hex(written(out -> value.write(out, U256.CODEC))), U256.CODEC))
                    .isEqualTo(value);
        }

        @Test
        void sequenceCountsAreBoundedAndMustBeBackedByBytes() {
            assertThatThrownBy(() -> new Seq0255<>(Collections.nCopies(256, 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertDecodeError(() -> Seq064K.read(hex("ffff" + "0100"), U16.CODEC)); // 65535 declared, 1 present
        }

        @Test
        void optionCountMustBeZeroOrOne() {
            assertThat(Sv2Option.read(hex("00"), U32.CODEC)).isEqualTo(Sv2Option.empty());
            assertThat(Sv2Option.read(hex("01" + "2a000000"), U32.CODEC).value())
                    .isEqualTo(42L);
            assertDecodeError(() -> Sv2Option.read(hex("02" + "2a000000"), U32.CODEC));
            Sv2Option<Long> some = Sv2Option.of(42L);
            assertThat(written(out -> some.write(out, U32.CODEC))).isEqualTo("01" + "2a000000");
            assertThat(some.encodedLength(U32.CODEC)).isEqualTo(5);
            assertThat(Sv2Option.read(hex(written(out -> some.write(out, U32.CODEC))), U32.CODEC))
                    .isEqualTo(some);
        }
    }

    static void assertDecodeError(Runnable decode) {
        assertThatThrownBy(decode::run)
                .isInstanceOfSatisfying(
                        Sv2DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
    }
}
