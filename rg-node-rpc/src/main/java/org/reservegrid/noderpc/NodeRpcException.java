package org.reservegrid.noderpc;

import org.jspecify.annotations.Nullable;

/**
 * A failed node call. The message is safe to log: it never contains credentials or the request body, only the
 * method, the endpoint without user info, and what went wrong.
 */
public final class NodeRpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final NodeErrorKind kind;
    private final @Nullable Integer rpcCode;

    public NodeRpcException(NodeErrorKind kind, String message) {
        this(kind, message, null);
    }

    public NodeRpcException(NodeErrorKind kind, String message, @Nullable Integer rpcCode) {
        super(message, null, false, false);
        this.kind = kind;
        this.rpcCode = rpcCode;
    }

    public NodeErrorKind kind() {
        return kind;
    }

    /** The JSON-RPC error code when {@link #kind()} is {@link NodeErrorKind#RPC_ERROR}. */
    public @Nullable Integer rpcCode() {
        return rpcCode;
    }
}
