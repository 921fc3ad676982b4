package org.reservegrid.sv2.message;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/**
 * Every message type this module recognises, keyed by {@code (extension_type, msg_type)} with the
 * {@code channel_msg} bit each one is sent with. The lookup is built once and rejects unknown codes; a duplicate
 * code fails class initialisation. Common messages: spec §3.6 and §8; Mining: §5.3; extensions negotiation:
 * {@code extensions/0x0001-extensions-negotiation.md}.
 *
 * <p>Types whose {@link #leadingField()} is present are extended-channel or custom-job messages: they are
 * recognised (never mistaken for another message) but decoded only as {@link UnsupportedMiningMessage}.
 */
public enum MessageType {
    // Common protocol, extension type 0.
    SETUP_CONNECTION(0x00, false, Direction.CLIENT_TO_SERVER),
    SETUP_CONNECTION_SUCCESS(0x01, false, Direction.SERVER_TO_CLIENT),
    SETUP_CONNECTION_ERROR(0x02, false, Direction.SERVER_TO_CLIENT),
    CHANNEL_ENDPOINT_CHANGED(0x03, true, Direction.SERVER_TO_CLIENT),
    RECONNECT(0x04, false, Direction.SERVER_TO_CLIENT),

    // Mining protocol, extension type 0.
    OPEN_STANDARD_MINING_CHANNEL(0x10, false, Direction.CLIENT_TO_SERVER),
    OPEN_STANDARD_MINING_CHANNEL_SUCCESS(0x11, false, Direction.SERVER_TO_CLIENT),
    OPEN_MINING_CHANNEL_ERROR(0x12, false, Direction.SERVER_TO_CLIENT),
    OPEN_EXTENDED_MINING_CHANNEL(0x13, false, Direction.CLIENT_TO_SERVER, LeadingField.REQUEST_ID),
    OPEN_EXTENDED_MINING_CHANNEL_SUCCESS(0x14, false, Direction.SERVER_TO_CLIENT, LeadingField.REQUEST_ID),
    NEW_MINING_JOB(0x15, true, Direction.SERVER_TO_CLIENT),
    UPDATE_CHANNEL(0x16, true, Direction.CLIENT_TO_SERVER),
    UPDATE_CHANNEL_ERROR(0x17, true, Direction.SERVER_TO_CLIENT),
    CLOSE_CHANNEL(0x18, true, Direction.EITHER),
    SET_EXTRANONCE_PREFIX(0x19, true, Direction.SERVER_TO_CLIENT),
    SUBMIT_SHARES_STANDARD(0x1a, true, Direction.CLIENT_TO_SERVER),
    SUBMIT_SHARES_EXTENDED(0x1b, true, Direction.CLIENT_TO_SERVER, LeadingField.CHANNEL_ID),
    SUBMIT_SHARES_SUCCESS(0x1c, true, Direction.SERVER_TO_CLIENT),
    SUBMIT_SHARES_ERROR(0x1d, true, Direction.SERVER_TO_CLIENT),
    NEW_EXTENDED_MINING_JOB(0x1f, true, Direction.SERVER_TO_CLIENT, LeadingField.CHANNEL_ID),
    SET_NEW_PREV_HASH(0x20, true, Direction.SERVER_TO_CLIENT),
    SET_TARGET(0x21, true, Direction.SERVER_TO_CLIENT),
    SET_CUSTOM_MINING_JOB(0x22, false, Direction.CLIENT_TO_SERVER, LeadingField.CHANNEL_ID),
    SET_CUSTOM_MINING_JOB_SUCCESS(0x23, false, Direction.SERVER_TO_CLIENT, LeadingField.CHANNEL_ID),
    SET_CUSTOM_MINING_JOB_ERROR(0x24, false, Direction.SERVER_TO_CLIENT, LeadingField.CHANNEL_ID),
    SET_GROUP_CHANNEL(0x25, false, Direction.SERVER_TO_CLIENT),

    // Extensions negotiation, extension type 0x0001.
    REQUEST_EXTENSIONS(MessageType.EXTENSIONS_NEGOTIATION, 0x00, false, Direction.CLIENT_TO_SERVER, null),
    REQUEST_EXTENSIONS_SUCCESS(MessageType.EXTENSIONS_NEGOTIATION, 0x01, false, Direction.SERVER_TO_CLIENT, null),
    REQUEST_EXTENSIONS_ERROR(MessageType.EXTENSIONS_NEGOTIATION, 0x02, false, Direction.SERVER_TO_CLIENT, null);

    /** Extension type of the core (Common, Mining, Job Declaration, Template Distribution) messages. */
    public static final int CORE = 0x0000;

    /** Extension type of the extensions negotiation messages. */
    public static final int EXTENSIONS_NEGOTIATION = 0x0001;

    /** The first payload field of a message this module does not decode in full. */
    public enum LeadingField {
        REQUEST_ID,
        CHANNEL_ID
    }

    /**
     * Who sends a message type, as the spec's tables mark it; the records carry the same as {@link ClientToServer}
     * and {@link ServerToClient}.
     */
    public enum Direction {
        CLIENT_TO_SERVER,
        SERVER_TO_CLIENT,
        /** CloseChannel. */
        EITHER;

        /** Whether a client may send this type (a server may receive it). */
        public boolean fromClient() {
            return this != SERVER_TO_CLIENT;
        }

        /** Whether a server may send this type. */
        public boolean fromServer() {
            return this != CLIENT_TO_SERVER;
        }
    }

    private static final Map<Integer, MessageType> BY_KEY = index();

    private final int extensionType;
    private final int code;
    private final boolean channelMessage;
    private final Direction direction;
    private final @Nullable LeadingField leadingField;

    MessageType(int code, boolean channelMessage, Direction direction) {
        this(CORE, code, channelMessage, direction, null);
    }

    MessageType(int code, boolean channelMessage, Direction direction, LeadingField leadingField) {
        this(CORE, code, channelMessage, direction, leadingField);
    }

    MessageType(
            int extensionType,
            int code,
            boolean channelMessage,
            Direction direction,
            @Nullable LeadingField leadingField) {
        this.extensionType = extensionType;
        this.code = code;
        this.channelMessage = channelMessage;
        this.direction = direction;
        this.leadingField = leadingField;
    }

    private static Map<Integer, MessageType> index() {
        Map<Integer, MessageType> byKey = new HashMap<>();
        for (MessageType type : values()) {
            MessageType previous = byKey.putIfAbsent(key(type.extensionType, type.code), type);
            if (previous != null) {
                throw new IllegalStateException("duplicate message code: " + previous + " and " + type);
            }
        }
        return Map.copyOf(byKey);
    }

    private static int key(int extensionType, int code) {
        return extensionType << 8 | code;
    }

    /** The {@code msg_type} byte. */
    public int code() {
        return code;
    }

    /** The {@code extension_type} without the channel bit. */
    public int extensionType() {
        return extensionType;
    }

    /** Whether frames of this type are sent with the {@code channel_msg} bit set. */
    public boolean channelMessage() {
        return channelMessage;
    }

    /** Who sends messages of this type. */
    public Direction direction() {
        return direction;
    }

    /**
     * For extended-channel and custom-job messages, which this module recognises but does not decode in full,
     * the meaning of their first U32 field; empty for fully supported messages.
     */
    public Optional<LeadingField> leadingField() {
        return Optional.ofNullable(leadingField);
    }

    /** Whether messages of this type decode into their own record rather than {@link UnsupportedMiningMessage}. */
    public boolean fullySupported() {
        return leadingField == null;
    }

    /** The header for a payload of {@code messageLength} bytes of this type. */
    public Sv2FrameHeader header(int messageLength) {
        return new Sv2FrameHeader(extensionType, channelMessage, code, messageLength);
    }

    /** Looks up a core ({@code extension_type} 0) message type; unknown codes are malformed input. */
    public static MessageType fromCode(int code) {
        return fromCode(CORE, code);
    }

    /**
     * Looks up a message type by extension type (channel bit already removed) and code; unknown pairs are
     * malformed input.
     */
    public static MessageType fromCode(int extensionType, int code) {
        return find(extensionType, code)
                .orElseThrow(() -> Sv2DecodeException.malformed(
                        "unknown message type 0x%02x (extension type 0x%04x)".formatted(code, extensionType)));
    }

    /** Looks up the message type a frame header announces; the channel bit is ignored, as SRI does. */
    public static MessageType fromHeader(Sv2FrameHeader header) {
        return fromCode(header.extensionType(), header.messageType());
    }

    public static Optional<MessageType> find(int extensionType, int code) {
        if (extensionType < 0 || extensionType > Sv2FrameHeader.MAX_EXTENSION_TYPE || code < 0 || code > 0xFF) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_KEY.get(key(extensionType, code)));
    }

    /** All types that decode into their own record. */
    public static List<MessageType> fullySupportedTypes() {
        return Arrays.stream(values()).filter(MessageType::fullySupported).toList();
    }
}
