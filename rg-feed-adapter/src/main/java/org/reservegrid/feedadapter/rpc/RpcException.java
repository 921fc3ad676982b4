package org.reservegrid.feedadapter.rpc;

import java.io.Serial;
import java.util.Objects;

/** A JSON-RPC error with a bitcoind error code; the message is safe to return to the caller. */
public final class RpcException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** bitcoind's RPC_MISC_ERROR, used for wrong argument counts. */
    public static final int MISC_ERROR = -1;
    /** bitcoind's RPC_TYPE_ERROR. */
    public static final int TYPE_ERROR = -3;
    /** bitcoind's RPC_INVALID_PARAMETER. */
    public static final int INVALID_PARAMETER = -8;
    /** bitcoind's RPC_CLIENT_NOT_CONNECTED. */
    public static final int NOT_CONNECTED = -9;
    /** bitcoind's RPC_DESERIALIZATION_ERROR. */
    public static final int DESERIALIZATION_ERROR = -22;
    /** JSON-RPC 2.0 invalid request. */
    public static final int INVALID_REQUEST = -32600;
    /** JSON-RPC 2.0 method not found. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** JSON-RPC 2.0 parse error. */
    public static final int PARSE_ERROR = -32700;

    private final int code;

    public RpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Never null: the constructor takes the message returned to the caller. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
