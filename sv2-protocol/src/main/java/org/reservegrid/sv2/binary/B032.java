package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/** binary_sv2 {@code B0_32}: U8 length and up to 32 bytes (extranonce prefixes). */
public final class B032 extends LengthPrefixedBytes {

    public static final int MAX_LENGTH = 32;
    public static final B032 EMPTY = new B032(new byte[0]);
    public static final FieldCodec<B032> CODEC =
            FieldCodec.of(B032::read, (out, v) -> v.write(out), B032::encodedLength);

    private B032(byte[] bytes) {
        super(bytes, U8.LENGTH, MAX_LENGTH, "B0_32");
    }

    public static B032 of(byte[] bytes) {
        return new B032(bytes.clone());
    }

    public static B032 fromHex(String hex) {
        return new B032(HexFormat.of().parseHex(hex));
    }

    public static B032 read(ByteBuf in) {
        return new B032(readBytes(in, U8.LENGTH, MAX_LENGTH, "B0_32"));
    }
}
