package org.reservegrid.sv2.binary;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Generative checks: any bytes into any binary type decoder give a value or the typed error, nothing else. */
class BinaryTypePropertiesTests {

    private static final List<Function<ByteBuf, ?>> READERS = List.of(
            U8::read,
            U16::read,
            U24::read,
            U32::read,
            U64::read,
            Bool::read,
            F32::read,
            U256::read,
            PubKey::read,
            Signature::read,
            Str0255::read,
            B032::read,
            B0255::read,
            B064K::read,
            B016M::read,
            in -> Seq0255.read(in, U256.CODEC),
            in -> Seq064K.read(in, U32.CODEC),
            in -> Seq064K.read(in, Str0255.CODEC),
            in -> Sv2Option.read(in, U32.CODEC));

    @Provide
    Arbitrary<Integer> readerIndex() {
        return Arbitraries.integers().between(0, READERS.size() - 1);
    }

    @Property
    void anyBytesDecodeToAValueOrTheTypedError(
            @ForAll("readerIndex") int reader, @ForAll @Size(max = 300) byte[] input) {
        ByteBuf in = Unpooled.wrappedBuffer(input);
        try {
            READERS.get(reader).apply(in);
        } catch (Sv2DecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        assertThat(in.readerIndex()).isBetween(0, input.length);
    }

    @Property
    void u32RoundTripsEveryValue(@ForAll("u32") long value) {
        ByteBuf out = Unpooled.buffer();
        new U32(value).write(out);

        assertThat(U32.read(out)).isEqualTo(new U32(value));
    }

    @Provide
    Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, U32.MAX);
    }

    @Property
    void u256RoundTripsAndOrdersLikeItsIntegerValue(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
        U256 left = U256.of(a);
        U256 right = U256.of(b);
        ByteBuf out = Unpooled.buffer();
        left.write(out);

        assertThat(U256.read(out)).isEqualTo(left);
        assertThat(Integer.signum(left.compareTo(right)))
                .isEqualTo(left.toBigInteger().compareTo(right.toBigInteger()));
    }

    @Property
    void str0255RoundTripsAnyBytesUpToItsBound(@ForAll @Size(max = 255) byte[] content) {
        Str0255 value = Str0255.ofBytes(content);
        ByteBuf out = Unpooled.buffer();
        value.write(out);

        assertThat(out.readableBytes()).isEqualTo(value.encodedLength());
        assertThat(Str0255.read(out)).isEqualTo(value);
    }

    @Property
    void seq064kOfU16RoundTrips(@ForAll @Size(max = 600) List<@IntRange(max = 0xFFFF) Integer> elements) {
        Seq064K<Integer> value = new Seq064K<>(elements);
        ByteBuf out = Unpooled.buffer();
        value.write(out, U16.CODEC);

        assertThat(out.readableBytes()).isEqualTo(value.encodedLength(U16.CODEC));
        assertThat(Seq064K.read(out, U16.CODEC)).isEqualTo(value);
    }
}
