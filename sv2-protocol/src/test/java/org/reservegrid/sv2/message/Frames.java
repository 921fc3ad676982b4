package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Byte helpers shared by the message and codec tests. */
public final class Frames {

    private Frames() {}

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static ByteBuf buffer(String hex) {
        return Unpooled.wrappedBuffer(bytes(hex));
    }

    public static String hex(ByteBuf buffer) {
        return ByteBufUtil.hexDump(buffer);
    }

    /** The whole plaintext frame of {@code message}. */
    public static byte[] encode(Sv2Message message) {
        ByteBuf out = Unpooled.buffer();
        Sv2Messages.writeFrame(message, out);
        return ByteBufUtil.getBytes(out);
    }

    public static String encodeHex(Sv2Message message) {
        return HexFormat.of().formatHex(encode(message));
    }

    /** The payload of {@code message}, without header. */
    public static byte[] encodePayload(Sv2Message message) {
        ByteBuf out = Unpooled.buffer();
        Sv2Messages.writePayload(message, out);
        return ByteBufUtil.getBytes(out);
    }

    public static Sv2Message decode(byte[] frame) {
        return Sv2Messages.decodeFrame(Unpooled.wrappedBuffer(frame));
    }

    public static Sv2Message decode(String frameHex) {
        return decode(bytes(frameHex));
    }
}
