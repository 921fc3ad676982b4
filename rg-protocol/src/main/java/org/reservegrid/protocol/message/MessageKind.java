package org.reservegrid.protocol.message;

/** Type byte of a verifier frame. */
public enum MessageKind {
    TEMPLATE_PROPOSE(1),
    TEMPLATE_VERDICT(2),
    PROTOCOL_ERROR(3);

    private static final MessageKind[] BY_CODE = byCode();

    private final int code;

    MessageKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Returns the kind, or throws {@link IllegalArgumentException} for an unknown type byte. */
    public static MessageKind fromCode(int code) {
        if (code <= 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("unknown verifier message type " + code);
        }
        return BY_CODE[code];
    }

    private static MessageKind[] byCode() {
        MessageKind[] table = new MessageKind[values().length + 1];
        for (MessageKind kind : values()) {
            if (kind.code <= 0 || kind.code >= table.length || table[kind.code] != null) {
                throw new ExceptionInInitializerError("invalid or duplicate message type " + kind.code);
            }
            table[kind.code] = kind;
        }
        return table;
    }
}
