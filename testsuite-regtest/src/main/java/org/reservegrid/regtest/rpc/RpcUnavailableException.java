package org.reservegrid.regtest.rpc;

/** The node's RPC endpoint could not be reached, or answered with something that is not a JSON-RPC response. */
public final class RpcUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RpcUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RpcUnavailableException(String message) {
        super(message);
    }
}
