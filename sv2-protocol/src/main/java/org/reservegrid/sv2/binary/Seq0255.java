package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * binary_sv2 {@code SEQ0_255[T]}: a U8 element count (at most 255) followed by the elements. The element type is
 * given by a {@link FieldCodec}, for example {@code Seq0255.read(in, U32.CODEC)}.
 *
 * @param elements the elements, at most {@value #MAX_SIZE}; stored as an unmodifiable copy
 * @param <T> the element type
 */
public record Seq0255<T>(List<T> elements) {

    public static final int MAX_SIZE = 0xFF;

    public Seq0255 {
        if (elements.size() > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "SEQ0_255 holds at most " + MAX_SIZE + " elements, got " + elements.size());
        }
        elements = List.copyOf(elements);
    }

    public static <T> Seq0255<T> read(ByteBuf in, FieldCodec<T> elementCodec) {
        int count = U8.readValue(in);
        // Never trust the count for allocation: every element takes at least one byte.
        List<T> elements = new ArrayList<>(Math.min(count, in.readableBytes()));
        for (int i = 0; i < count; i++) {
            elements.add(elementCodec.read(in));
        }
        return new Seq0255<>(elements);
    }

    public void write(ByteBuf out, FieldCodec<T> elementCodec) {
        out.writeByte(elements.size());
        for (T element : elements) {
            elementCodec.write(out, element);
        }
    }

    public int encodedLength(FieldCodec<T> elementCodec) {
        int length = U8.LENGTH;
        for (T element : elements) {
            length += elementCodec.encodedLength(element);
        }
        return length;
    }
}
