package org.reservegrid.regtest.rpc;

import java.util.Objects;

/** A JSON-RPC call the node answered with an error object: {@code code} and {@code message} are the node's own. */
public final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public RpcException(String method, int code, String message) {
        super(method + " failed: " + message + " (code " + code + ")");
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Never null: the constructor builds it from the method, the node's message and code. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
