package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * binary_sv2 {@code OPTION[T]}: a U8 count that must be 0 or 1 (anything else is malformed), then the value if
 * the count is 1.
 *
 * @param value the value, or {@code null} when absent
 * @param <T> the element type
 */
public record Sv2Option<T>(@Nullable T value) {

    public static <T> Sv2Option<T> empty() {
        return new Sv2Option<>(null);
    }

    public static <T> Sv2Option<T> of(T value) {
        return new Sv2Option<>(value);
    }

    public boolean isPresent() {
        return value != null;
    }

    public Optional<T> toOptional() {
        return Optional.ofNullable(value);
    }

    public static <T> Sv2Option<T> read(ByteBuf in, FieldCodec<T> elementCodec) {
        int count = U8.readValue(in);
        return switch (count) {
            case 0 -> empty();
            case 1 -> of(elementCodec.read(in));
            default -> throw Sv2DecodeException.malformed("OPTION count must be 0 or 1, got " + count);
        };
    }

    public void write(ByteBuf out, FieldCodec<T> elementCodec) {
        T present = value;
        if (present == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            elementCodec.write(out, present);
        }
    }

    public int encodedLength(FieldCodec<T> elementCodec) {
        T present = value;
        return present == null ? U8.LENGTH : U8.LENGTH + elementCodec.encodedLength(present);
    }
}
