package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/**
 * Stateless codec entry points between plaintext frames and {@link Sv2Message} records. Decoding dispatches to
 * the per-type {@code read} by {@link MessageType}; encoding switches exhaustively over the sealed hierarchy.
 * A payload must be consumed exactly: trailing bytes are malformed input, as are truncated fields, out-of-bounds
 * lengths and unknown types, all reported as {@link Sv2DecodeException}.
 */
public final class Sv2Messages {

    private Sv2Messages() {}

    /** Decodes a whole plaintext frame: the 6-byte header followed by exactly {@code msg_length} payload bytes. */
    public static Sv2Message decodeFrame(ByteBuf frame) {
        Sv2FrameHeader header = Sv2FrameHeader.read(frame);
        return decode(header, frame);
    }

    /**
     * Decodes the payload a header announces. {@code payload} must hold exactly {@code header.messageLength()}
     * readable bytes. The channel bit is ignored, as SRI does.
     */
    public static Sv2Message decode(Sv2FrameHeader header, ByteBuf payload) {
        if (payload.readableBytes() != header.messageLength()) {
            throw Sv2DecodeException.malformed("frame declares " + header.messageLength()
                    + " payload bytes but carries " + payload.readableBytes());
        }
        MessageType type = MessageType.fromHeader(header);
        Sv2Message message = readPayload(type, payload);
        if (payload.isReadable()) {
            throw Sv2DecodeException.malformed(payload.readableBytes() + " trailing bytes after " + type
                    + " payload of " + header.messageLength());
        }
        return message;
    }

    /** Reads one payload of the given type; the caller checks that nothing is left over. */
    public static Sv2Message readPayload(MessageType type, ByteBuf in) {
        return switch (type) {
            case SETUP_CONNECTION -> SetupConnection.read(in);
            case SETUP_CONNECTION_SUCCESS -> SetupConnectionSuccess.read(in);
            case SETUP_CONNECTION_ERROR -> SetupConnectionError.read(in);
            case CHANNEL_ENDPOINT_CHANGED -> ChannelEndpointChanged.read(in);
            case RECONNECT -> Reconnect.read(in);
            case OPEN_STANDARD_MINING_CHANNEL -> OpenStandardMiningChannel.read(in);
            case OPEN_STANDARD_MINING_CHANNEL_SUCCESS -> OpenStandardMiningChannelSuccess.read(in);
            case OPEN_MINING_CHANNEL_ERROR -> OpenMiningChannelError.read(in);
            case NEW_MINING_JOB -> NewMiningJob.read(in);
            case UPDATE_CHANNEL -> UpdateChannel.read(in);
            case UPDATE_CHANNEL_ERROR -> UpdateChannelError.read(in);
            case CLOSE_CHANNEL -> CloseChannel.read(in);
            case SET_EXTRANONCE_PREFIX -> SetExtranoncePrefix.read(in);
            case SUBMIT_SHARES_STANDARD -> SubmitSharesStandard.read(in);
            case SUBMIT_SHARES_SUCCESS -> SubmitSharesSuccess.read(in);
            case SUBMIT_SHARES_ERROR -> SubmitSharesError.read(in);
            case SET_NEW_PREV_HASH -> SetNewPrevHash.read(in);
            case SET_TARGET -> SetTarget.read(in);
            case SET_GROUP_CHANNEL -> SetGroupChannel.read(in);
            case REQUEST_EXTENSIONS -> RequestExtensions.read(in);
            case REQUEST_EXTENSIONS_SUCCESS -> RequestExtensionsSuccess.read(in);
            case REQUEST_EXTENSIONS_ERROR -> RequestExtensionsError.read(in);
            case OPEN_EXTENDED_MINING_CHANNEL,
                    OPEN_EXTENDED_MINING_CHANNEL_SUCCESS,
                    SUBMIT_SHARES_EXTENDED,
                    NEW_EXTENDED_MINING_JOB,
                    SET_CUSTOM_MINING_JOB,
                    SET_CUSTOM_MINING_JOB_SUCCESS,
                    SET_CUSTOM_MINING_JOB_ERROR -> UnsupportedMiningMessage.read(type, in);
        };
    }

    /** Payload length of {@code message} in bytes, header excluded. */
    public static int payloadLength(Sv2Message message) {
        return switch (message) {
            case SetupConnection m -> m.encodedLength();
            case SetupConnectionSuccess m -> m.encodedLength();
            case SetupConnectionError m -> m.encodedLength();
            case ChannelEndpointChanged m -> m.encodedLength();
            case Reconnect m -> m.encodedLength();
            case OpenStandardMiningChannel m -> m.encodedLength();
            case OpenStandardMiningChannelSuccess m -> m.encodedLength();
            case OpenMiningChannelError m -> m.encodedLength();
            case NewMiningJob m -> m.encodedLength();
            case UpdateChannel m -> m.encodedLength();
            case UpdateChannelError m -> m.encodedLength();
            case CloseChannel m -> m.encodedLength();
            case SetExtranoncePrefix m -> m.encodedLength();
            case SubmitSharesStandard m -> m.encodedLength();
            case SubmitSharesSuccess m -> m.encodedLength();
            case SubmitSharesError m -> m.encodedLength();
            case SetNewPrevHash m -> m.encodedLength();
            case SetTarget m -> m.encodedLength();
            case SetGroupChannel m -> m.encodedLength();
            case RequestExtensions m -> m.encodedLength();
            case RequestExtensionsSuccess m -> m.encodedLength();
            case RequestExtensionsError m -> m.encodedLength();
            case UnsupportedMiningMessage m -> m.encodedLength();
        };
    }

    /** Writes the payload of {@code message} (no header). */
    public static void writePayload(Sv2Message message, ByteBuf out) {
        switch (message) {
            case SetupConnection m -> m.write(out);
            case SetupConnectionSuccess m -> m.write(out);
            case SetupConnectionError m -> m.write(out);
            case ChannelEndpointChanged m -> m.write(out);
            case Reconnect m -> m.write(out);
            case OpenStandardMiningChannel m -> m.write(out);
            case OpenStandardMiningChannelSuccess m -> m.write(out);
            case OpenMiningChannelError m -> m.write(out);
            case NewMiningJob m -> m.write(out);
            case UpdateChannel m -> m.write(out);
            case UpdateChannelError m -> m.write(out);
            case CloseChannel m -> m.write(out);
            case SetExtranoncePrefix m -> m.write(out);
            case SubmitSharesStandard m -> m.write(out);
            case SubmitSharesSuccess m -> m.write(out);
            case SubmitSharesError m -> m.write(out);
            case SetNewPrevHash m -> m.write(out);
            case SetTarget m -> m.write(out);
            case SetGroupChannel m -> m.write(out);
            case RequestExtensions m -> m.write(out);
            case RequestExtensionsSuccess m -> m.write(out);
            case RequestExtensionsError m -> m.write(out);
            case UnsupportedMiningMessage m -> m.write(out);
        }
    }

    /** The header {@code message} is sent with: its type's extension type, channel bit and code. */
    public static Sv2FrameHeader header(Sv2Message message) {
        return message.messageType().header(payloadLength(message));
    }

    /** Header plus payload length in bytes. */
    public static int frameLength(Sv2Message message) {
        return Sv2FrameHeader.LENGTH + payloadLength(message);
    }

    /** Writes the whole plaintext frame: header, then payload. */
    public static void writeFrame(Sv2Message message, ByteBuf out) {
        header(message).write(out);
        writePayload(message, out);
    }

    /** Allocates a buffer of exactly the frame length and writes the whole plaintext frame into it. */
    public static ByteBuf encodeFrame(Sv2Message message, ByteBufAllocator allocator) {
        Sv2FrameHeader header = header(message);
        ByteBuf out = allocator.buffer(header.frameLength());
        try {
            header.write(out);
            writePayload(message, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
