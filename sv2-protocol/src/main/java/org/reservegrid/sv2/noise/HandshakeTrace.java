package org.reservegrid.sv2.noise;

/**
 * Observes intermediate handshake values (h, ck, k, ECDH outputs) by name, so that tests can compare a transcript
 * step by step with published vectors. Production code uses {@link #NONE}; values are secrets.
 */
@FunctionalInterface
interface HandshakeTrace {

    HandshakeTrace NONE = (name, value) -> {};

    void record(String name, byte[] value);
}
