/**
 * Stratum V2 Noise NX ({@code Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256}): handshake state machines for both
 * roles, the transport cipher states after {@code Split}, SV2 frame encryption, and the responder's certificate
 * ({@code SIGNATURE_NOISE_MESSAGE}).
 *
 * <p>Pure Java: no Netty types cross these APIs except the {@code read(ByteBuf)}/{@code write(ByteBuf)} codec pair of
 * {@link org.reservegrid.sv2.noise.SignatureNoiseMessage}. See sv2-spec section 4 "Protocol Security" and
 * docs/sv2-noise.md.
 */
@NullMarked
package org.reservegrid.sv2.noise;

import org.jspecify.annotations.NullMarked;
