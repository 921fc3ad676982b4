package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/** binary_sv2 {@code B0_16M}: U24 length and up to 16,777,215 bytes. */
public final class B016M extends LengthPrefixedBytes {

    public static final int MAX_LENGTH = 0xFF_FFFF;
    public static final B016M EMPTY = new B016M(new byte[0]);
    public static final FieldCodec<B016M> CODEC =
            FieldCodec.of(B016M::read, (out, v) -> v.write(out), B016M::encodedLength);

    private B016M(byte[] bytes) {
        super(bytes, U24.LENGTH, MAX_LENGTH, "B0_16M");
    }

    public static B016M of(byte[] bytes) {
        return new B016M(bytes.clone());
    }

    public static B016M fromHex(String hex) {
        return new B016M(HexFormat.of().parseHex(hex));
    }

    public static B016M read(ByteBuf in) {
        return new B016M(readBytes(in, U24.LENGTH, MAX_LENGTH, "B0_16M"));
    }
}
