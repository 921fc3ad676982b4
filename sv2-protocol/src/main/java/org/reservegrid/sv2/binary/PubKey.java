package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/** binary_sv2 {@code PUBKEY}: a 32-byte x-only public key, raw bytes. */
public final class PubKey extends FixedBytes {

    public static final int LENGTH = 32;
    public static final FieldCodec<PubKey> CODEC = FieldCodec.of(PubKey::read, (out, v) -> v.write(out), v -> LENGTH);

    private PubKey(byte[] bytes) {
        super(bytes, LENGTH, "PUBKEY");
    }

    public static PubKey of(byte[] bytes) {
        return new PubKey(bytes.clone());
    }

    public static PubKey fromHex(String hex) {
        return new PubKey(HexFormat.of().parseHex(hex));
    }

    public static PubKey read(ByteBuf in) {
        return new PubKey(readBytes(in, LENGTH, "PUBKEY"));
    }
}
