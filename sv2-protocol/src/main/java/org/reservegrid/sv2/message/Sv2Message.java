package org.reservegrid.sv2.message;

/**
 * A decoded Stratum V2 message. The hierarchy is closed so that encoders and handlers can switch over it
 * exhaustively; {@link UnsupportedMiningMessage} stands for the extended-channel and custom-job messages that are
 * recognised but not decoded in full. Every message is typed by who sends it ({@link ClientToServer},
 * {@link ServerToClient}, spec §3.6 and §5.3), so that a role's handler switches only over what it may receive and
 * its write path only takes what it may send.
 */
public sealed interface Sv2Message permits ClientToServer, ServerToClient {

    /** The wire type of this message. */
    MessageType messageType();
}
