package org.reservegrid.sv2.netty.noise;

import java.time.Duration;

/**
 * The handshake finished: from now on inbound messages are plaintext SV2 frames and outbound frames are encrypted.
 * Fired after any writes queued during the handshake were encrypted, so handlers may write at once.
 *
 * @param role this side's role
 * @param elapsed time from the start of the handshake (connection active) to completion
 */
public record NoiseHandshakeCompleted(NoiseRole role, Duration elapsed) implements NoiseEvent {}
