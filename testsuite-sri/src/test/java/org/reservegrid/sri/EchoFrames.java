package org.reservegrid.sri;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/**
 * The suite's echo convention, as the Rust peers implement it (rust/src/echo.rs): after SetupConnection.Success
 * the initiator sends frames of extension type 0x4000 (channel bit clear) and message type 0x00 one at a time; the
 * responder answers each with message type 0x01 and the identical payload. The initiator closes when done. It
 * exists to push frames of any size, in particular past the 65,519-byte Noise chunk, through both stacks; no
 * Stratum V2 extension uses 0x4000.
 */
final class EchoFrames {

    static final int EXTENSION_TYPE = 0x4000;
    static final int REQUEST = 0x00;
    static final int REPLY = 0x01;

    /** Around and past one Noise chunk (65,519 plaintext bytes), up to three chunks and a bit. */
    static final List<Integer> SIZES = List.of(0, 64, 65_519, 65_520, 70_000, 200_000);

    private EchoFrames() {}

    static String sizesArgument() {
        return SIZES.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static boolean isEcho(Sv2FrameHeader header) {
        return header.extensionType() == EXTENSION_TYPE && !header.channelMessage();
    }

    /** A whole plaintext frame (header and payload) as the Noise handler expects outbound. */
    static ByteBuf frame(ByteBufAllocator alloc, int messageType, ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf frame = alloc.buffer(Sv2FrameHeader.LENGTH + length);
        new Sv2FrameHeader(EXTENSION_TYPE, false, messageType, length).write(frame);
        frame.writeBytes(payload, payload.readerIndex(), length);
        return frame;
    }

    /** Reproducible bytes that differ from frame to frame. */
    static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed * 1_000_003L + size).nextBytes(bytes);
        return bytes;
    }
}
