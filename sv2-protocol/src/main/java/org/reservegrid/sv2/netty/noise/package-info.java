/**
 * Netty handlers that run the Stratum V2 Noise NX handshake over raw bytes and then turn the encrypted transport
 * into plaintext SV2 frames: {@link org.reservegrid.sv2.netty.noise.NoiseServerHandler} (responder, gateway) and
 * {@link org.reservegrid.sv2.netty.noise.NoiseClientHandler} (initiator, miner).
 *
 * <p>Pipeline order (fixed): socket, Noise handler, SV2 frame codec, message codec, business handler. Above the Noise
 * handler every inbound message is one {@code ByteBuf} holding exactly one plaintext frame (6-byte header and
 * payload), and every outbound {@code ByteBuf} must hold whole plaintext frames. The handshake outcome is a user
 * event: {@link org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted} or
 * {@link org.reservegrid.sv2.netty.noise.NoiseHandshakeFailed}; a rejected frame after the handshake is a
 * {@link org.reservegrid.sv2.netty.noise.NoiseTransportFailed}. Each failure closes the channel and records its
 * {@link org.reservegrid.common.reason.GatewayReason} under {@link org.reservegrid.sv2.netty.noise.NoiseHandler#CLOSE_REASON}.
 */
@NullMarked
package org.reservegrid.sv2.netty.noise;

import org.jspecify.annotations.NullMarked;
