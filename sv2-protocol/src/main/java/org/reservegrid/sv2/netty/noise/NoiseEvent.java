package org.reservegrid.sv2.netty.noise;

/** User events fired by a {@link NoiseHandler}; switch over them exhaustively. */
public sealed interface NoiseEvent permits NoiseHandshakeCompleted, NoiseHandshakeFailed, NoiseTransportFailed {}
