package org.reservegrid.sv2.netty.noise;

import org.reservegrid.common.reason.GatewayReason;

/**
 * The handshake did not complete; the channel is being closed.
 *
 * @param reason {@link GatewayReason#NOISE_HANDSHAKE_FAILED} or {@link GatewayReason#NOISE_HANDSHAKE_TIMEOUT}
 * @param detail what went wrong, without secrets
 */
public record NoiseHandshakeFailed(GatewayReason reason, String detail) implements NoiseEvent {}
