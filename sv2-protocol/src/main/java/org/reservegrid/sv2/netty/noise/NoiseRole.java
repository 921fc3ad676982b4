package org.reservegrid.sv2.netty.noise;

/** Which side of the Noise NX handshake a handler plays. */
public enum NoiseRole {
    /** The miner side; starts the handshake and checks the responder's certificate. */
    INITIATOR,
    /** The pool/gateway side; answers with its static key and certificate. */
    RESPONDER
}
