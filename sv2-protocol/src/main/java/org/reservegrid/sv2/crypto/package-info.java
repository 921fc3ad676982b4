/**
 * secp256k1 primitives used by the Stratum V2 Noise handshake, built on Bouncy Castle's field and curve arithmetic:
 * BIP324 ElligatorSwift, the BIP324 x-only ECDH hash, BIP340 Schnorr signatures, the Noise hash functions
 * (SHA-256, HMAC, HKDF), ChaCha20-Poly1305 and base58check key text.
 *
 * <p>All byte arrays are big-endian 32-byte integers unless a method says otherwise.
 */
@NullMarked
package org.reservegrid.sv2.crypto;

import org.jspecify.annotations.NullMarked;
