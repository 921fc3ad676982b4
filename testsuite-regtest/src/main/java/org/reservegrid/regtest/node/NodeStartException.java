package org.reservegrid.regtest.node;

/** A node process exited or did not answer RPC in time; the message carries the tail of its log. */
public final class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeStartException(String message) {
        super(message);
    }
}
