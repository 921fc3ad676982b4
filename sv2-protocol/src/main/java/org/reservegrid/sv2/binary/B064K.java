package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/** binary_sv2 {@code B0_64K}: U16 length and up to 65,535 bytes. */
public final class B064K extends LengthPrefixedBytes {

    public static final int MAX_LENGTH = 0xFFFF;
    public static final B064K EMPTY = new B064K(new byte[0]);
    public static final FieldCodec<B064K> CODEC =
            FieldCodec.of(B064K::read, (out, v) -> v.write(out), B064K::encodedLength);

    private B064K(byte[] bytes) {
        super(bytes, U16.LENGTH, MAX_LENGTH, "B0_64K");
    }

    public static B064K of(byte[] bytes) {
        return new B064K(bytes.clone());
    }

    public static B064K fromHex(String hex) {
        return new B064K(HexFormat.of().parseHex(hex));
    }

    public static B064K read(ByteBuf in) {
        return new B064K(readBytes(in, U16.LENGTH, MAX_LENGTH, "B0_64K"));
    }
}
