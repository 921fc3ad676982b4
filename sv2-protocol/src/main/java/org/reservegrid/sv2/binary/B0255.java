package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/** binary_sv2 {@code B0_255}: U8 length and up to 255 bytes. */
public final class B0255 extends LengthPrefixedBytes {

    public static final int MAX_LENGTH = 255;
    public static final B0255 EMPTY = new B0255(new byte[0]);
    public static final FieldCodec<B0255> CODEC =
            FieldCodec.of(B0255::read, (out, v) -> v.write(out), B0255::encodedLength);

    private B0255(byte[] bytes) {
        super(bytes, U8.LENGTH, MAX_LENGTH, "B0_255");
    }

    public static B0255 of(byte[] bytes) {
        return new B0255(bytes.clone());
    }

    public static B0255 fromHex(String hex) {
        return new B0255(HexFormat.of().parseHex(hex));
    }

    public static B0255 read(ByteBuf in) {
        return new B0255(readBytes(in, U8.LENGTH, MAX_LENGTH, "B0_255"));
    }
}
