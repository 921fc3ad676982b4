package org.reservegrid.testminer.connection;

import java.time.Duration;
import org.reservegrid.sv2.message.Sv2Message;

/** What the connection to the pool reports to the miner's main thread, in the order it happened. */
public sealed interface PoolEvent {

    /** The Noise handshake finished and the certificate checked out. */
    record HandshakeCompleted(Duration elapsed) implements PoolEvent {}

    /** The Noise handshake failed, e.g. because the certificate is not signed by the authority key. */
    record HandshakeFailed(String reason, String detail) implements PoolEvent {}

    /** A decoded SV2 message from the pool. */
    record Received(Sv2Message message) implements PoolEvent {}

    /** The pool sent bytes that do not decode (or fail authentication); the connection is closing. */
    record ProtocolFailure(String reason, String detail) implements PoolEvent {}

    /** The connection is closed. */
    record Closed(String detail) implements PoolEvent {}
}
