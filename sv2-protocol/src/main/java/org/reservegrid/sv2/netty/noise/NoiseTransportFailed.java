package org.reservegrid.sv2.netty.noise;

import org.reservegrid.common.reason.GatewayReason;

/**
 * An encrypted frame was rejected after the handshake; the channel is being closed.
 *
 * @param reason {@link GatewayReason#FRAME_DECODE_ERROR} (authentication tag mismatch) or
 *     {@link GatewayReason#FRAME_TOO_LARGE} (msg_length above the configured maximum)
 * @param detail what went wrong, without secrets
 */
public record NoiseTransportFailed(GatewayReason reason, String detail) implements NoiseEvent {}
