package org.reservegrid.protocol.frame;

import org.reservegrid.common.reason.GatewayReason;

/** User event fired by {@link VerifierFrameDecoder} when a frame cannot be accepted. */
public record VerifierFrameRejected(GatewayReason reason, String detail) {}
