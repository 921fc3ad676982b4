package org.reservegrid.sv2.netty.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Plaintext SV2 frames for tests: extension_type 0, a msg_type, U24 LE msg_length, a recognisable payload. */
final class TestFrames {

    private TestFrames() {}

    static byte[] frame(int msgType, int payloadLength) {
        byte[] frame = new byte[6 + payloadLength];
        frame[0] = 0; // extension_type U16 LE, low byte
        frame[1] = 0; // extension_type high byte
        frame[2] = (byte) msgType; // msg_type U8
        frame[3] = (byte) payloadLength; // msg_length U24 LE
        frame[4] = (byte) (payloadLength >>> 8);
        frame[5] = (byte) (payloadLength >>> 16);
        for (int i = 0; i < payloadLength; i++) {
            frame[6 + i] = (byte) (i * 31 + msgType);
        }
        return frame;
    }

    static ByteBuf buffer(byte[] frame) {
        return Unpooled.wrappedBuffer(frame);
    }

    static byte[] bytesOf(ByteBuf buffer) {
        try {
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }
}
