package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Reads and writes one element type inside the generic containers {@link Seq0255}, {@link Seq064K} and
 * {@link Sv2Option}. Each binary type exposes its own as a {@code CODEC} constant (for example {@link U16#CODEC}).
 *
 * @param <T> the element type
 */
public interface FieldCodec<T> {

    T read(ByteBuf in);

    void write(ByteBuf out, T value);

    int encodedLength(T value);

    static <T> FieldCodec<T> of(Function<ByteBuf, T> reader, BiConsumer<ByteBuf, T> writer, ToIntFunction<T> length) {
        return new FieldCodec<>() {
            @Override
            public T read(ByteBuf in) {
                return reader.apply(in);
            }

            @Override
            public void write(ByteBuf out, T value) {
                writer.accept(out, value);
            }

            @Override
            public int encodedLength(T value) {
                return length.applyAsInt(value);
            }
        };
    }
}
