package org.reservegrid.sv2.netty.noise;

import java.time.Duration;
import org.reservegrid.sv2.noise.NoiseProtocol;

/**
 * Limits of a {@link NoiseHandler}.
 *
 * @param handshakeTimeout how long the peer has to complete the handshake after the connection becomes active
 * @param maxFrameLength largest inbound payload (header msg_length) accepted; at most the protocol maximum
 *     16,777,215
 */
public record NoiseHandlerSettings(Duration handshakeTimeout, int maxFrameLength) {

    /** 10-second handshake timeout, protocol maximum frame length. */
    public static final NoiseHandlerSettings DEFAULTS =
            new NoiseHandlerSettings(Duration.ofSeconds(10), NoiseProtocol.MAX_PAYLOAD_LENGTH);

    public NoiseHandlerSettings {
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
        if (maxFrameLength < 0 || maxFrameLength > NoiseProtocol.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("max frame length must be in [0, 16777215]");
        }
    }

    public NoiseHandlerSettings withHandshakeTimeout(Duration timeout) {
        return new NoiseHandlerSettings(timeout, maxFrameLength);
    }

    public NoiseHandlerSettings withMaxFrameLength(int length) {
        return new NoiseHandlerSettings(handshakeTimeout, length);
    }
}
