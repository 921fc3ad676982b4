/**
 * Netty handlers between plaintext Stratum V2 frames and {@link org.reservegrid.sv2.message.Sv2Message} records.
 *
 * <p>Pipeline order, inbound first: the Noise transport handler (one decrypted frame per {@code ByteBuf}), then
 * {@link org.reservegrid.sv2.netty.codec.Sv2FrameDecoder}, then {@link
 * org.reservegrid.sv2.netty.codec.Sv2MessageCodec},
 * then the business handler. Unencrypted test links use
 * {@link org.reservegrid.sv2.netty.codec.Sv2StreamFrameDecoder} in place of the first two. Malformed input never
 * escapes as an exception: the handler fires a {@link org.reservegrid.sv2.netty.codec.Sv2ProtocolErrorEvent} with
 * the gateway reason, closes the channel and drops anything that still arrives.
 */
@NullMarked
package org.reservegrid.sv2.netty.codec;

import org.jspecify.annotations.NullMarked;
