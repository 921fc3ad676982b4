package org.reservegrid.sv2.framing;

import io.netty.buffer.ByteBuf;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.binary.U16;
import org.reservegrid.sv2.binary.U24;
import org.reservegrid.sv2.binary.U8;

/**
 * The 6-byte plaintext frame header: {@code extension_type} U16 LE whose bit 0x8000 is the {@code channel_msg}
 * flag, {@code msg_type} U8 and {@code msg_length} U24 LE (payload bytes only, header excluded). The channel bit
 * is split out here: {@link #extensionType()} never includes it.
 *
 * <p>Following SRI, receivers should look messages up by extension type and message type only and ignore the
 * channel bit; senders set it from the message type's constant.
 *
 * @param extensionType the extension type without the channel bit, 0..0x7FFF (0 for all core messages)
 * @param channelMessage whether the {@code channel_msg} bit is set
 * @param messageType the message type, 0..255
 * @param messageLength the payload length in bytes, 0..16,777,215
 */
public record Sv2FrameHeader(int extensionType, boolean channelMessage, int messageType, int messageLength) {

    /** Encoded size of the header. */
    public static final int LENGTH = 6;

    /** The {@code channel_msg} bit within the little-endian {@code extension_type} U16. */
    public static final int CHANNEL_MESSAGE_BIT = 0x8000;

    /** Largest extension type once the channel bit is removed. */
    public static final int MAX_EXTENSION_TYPE = 0x7FFF;

    /** Largest payload a U24 length can describe. */
    public static final int MAX_MESSAGE_LENGTH = U24.MAX;

    /**
     * A sensible default payload limit for decoders: 64 KiB. The largest standard-channel message a pool receives is
     * SetupConnection at 1,291 bytes; RequestExtensions could reach 131,074 bytes in theory, but clients list only a
     * few extensions.
     */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024;

    public Sv2FrameHeader {
        if (extensionType < 0 || extensionType > MAX_EXTENSION_TYPE) {
            throw new IllegalArgumentException("extension_type must be within 0..0x7FFF: " + extensionType);
        }
        U8.require(messageType, "msg_type");
        U24.require(messageLength, "msg_length");
    }

    /** Reads a header, consuming 6 bytes. */
    public static Sv2FrameHeader read(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "frame header");
        int rawExtensionType = U16.readValue(in);
        int messageType = U8.readValue(in);
        int messageLength = U24.readValue(in);
        return fromWire(rawExtensionType, messageType, messageLength);
    }

    /** Reads a header at {@code index} without moving the reader index. */
    public static Sv2FrameHeader peek(ByteBuf in, int index) {
        if (index < 0 || in.writerIndex() - index < LENGTH) {
            throw Sv2DecodeException.malformed("frame header needs " + LENGTH + " bytes");
        }
        return fromWire(in.getUnsignedShortLE(index), in.getUnsignedByte(index + 2), in.getUnsignedMediumLE(index + 3));
    }

    private static Sv2FrameHeader fromWire(int rawExtensionType, int messageType, int messageLength) {
        return new Sv2FrameHeader(
                rawExtensionType & MAX_EXTENSION_TYPE,
                (rawExtensionType & CHANNEL_MESSAGE_BIT) != 0,
                messageType,
                messageLength);
    }

    public void write(ByteBuf out) {
        out.writeShortLE(rawExtensionType());
        out.writeByte(messageType);
        out.writeMediumLE(messageLength);
    }

    public int encodedLength() {
        return LENGTH;
    }

    /** The {@code extension_type} U16 as on the wire, channel bit included. */
    public int rawExtensionType() {
        return channelMessage ? extensionType | CHANNEL_MESSAGE_BIT : extensionType;
    }

    /** Header plus payload length. */
    public int frameLength() {
        return LENGTH + messageLength;
    }

    /**
     * Returns this header if its payload fits {@code maxMessageLength}; otherwise rejects it with
     * {@code FRAME_TOO_LARGE}. Call it before buffering the payload.
     */
    public Sv2FrameHeader requireMessageLengthAtMost(int maxMessageLength) {
        if (messageLength > maxMessageLength) {
            throw Sv2DecodeException.tooLarge("frame payload of " + messageLength + " bytes exceeds the maximum of "
                    + maxMessageLength + " (ext 0x" + Integer.toHexString(extensionType) + ", type 0x"
                    + Integer.toHexString(messageType) + ")");
        }
        return this;
    }

    @Override
    public String toString() {
        return "Sv2FrameHeader[ext=0x%04x, channel=%b, type=0x%02x, length=%d]"
                .formatted(extensionType, channelMessage, messageType, messageLength);
    }
}
