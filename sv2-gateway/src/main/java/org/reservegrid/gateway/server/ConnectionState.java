package org.reservegrid.gateway.server;

import java.util.Optional;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.message.ClientToServer;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.Sv2Message;

/**
 * Where one connection is in its lifecycle, and which messages it takes there. A message it does not take closes
 * the connection, counted under the reason {@link #outOfState} gives.
 */
enum ConnectionState {
    /** Noise handshake under way: nothing may arrive yet (the Noise handler holds everything back). */
    HANDSHAKE,
    /** Handshake done: exactly one SetupConnection may come, within the setup timeout. */
    AWAIT_SETUP,
    /** Set up: channels, shares, extension negotiation. */
    READY,
    /** Shutting down: requests are still answered (new channels refused) until the close. */
    DRAINING,
    /** Closing or closed: whatever still arrives is dropped. */
    CLOSED;

    /** Whether SetupConnection succeeded on this connection. */
    boolean setUp() {
        return this == READY || this == DRAINING;
    }

    /**
     * Why {@code message} may not arrive now, or empty when the handler takes it: a message only servers send, at
     * any time; anything but SetupConnection before the connection is set up; a second SetupConnection. (A closed
     * connection's handler drops what still arrives without asking.)
     */
    Optional<GatewayReason> outOfState(Sv2Message message) {
        if (!(message instanceof ClientToServer)) {
            return Optional.of(GatewayReason.SERVER_ONLY_MESSAGE);
        }
        if (message instanceof SetupConnection) {
            return switch (this) {
                case AWAIT_SETUP -> Optional.empty();
                case READY, DRAINING -> Optional.of(GatewayReason.SETUP_CONNECTION_REPEATED);
                case HANDSHAKE, CLOSED -> Optional.of(GatewayReason.MESSAGE_BEFORE_SETUP);
            };
        }
        return setUp() ? Optional.empty() : Optional.of(GatewayReason.MESSAGE_BEFORE_SETUP);
    }
}
