package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/** binary_sv2 {@code SIGNATURE}: a 64-byte BIP340 Schnorr signature ({@code R.x || s}), raw bytes. */
public final class Signature extends FixedBytes {

    public static final int LENGTH = 64;
    public static final FieldCodec<Signature> CODEC =
            FieldCodec.of(Signature::read, (out, v) -> v.write(out), v -> LENGTH);

    private Signature(byte[] bytes) {
        super(bytes, LENGTH, "SIGNATURE");
    }

    public static Signature of(byte[] bytes) {
        return new Signature(bytes.clone());
    }

    public static Signature fromHex(String hex) {
        return new Signature(HexFormat.of().parseHex(hex));
    }

    public static Signature read(ByteBuf in) {
        return new Signature(readBytes(in, LENGTH, "SIGNATURE"));
    }
}
