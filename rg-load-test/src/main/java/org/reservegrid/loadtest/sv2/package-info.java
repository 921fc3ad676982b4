/**
 * {@code rg-load-test sv2}: many simulated standard-channel miners over real Noise sessions against an SV2 gateway.
 * Measures the handshake rate during ramp-up, share-to-answer latency at an open-loop share rate, new-prev-hash
 * fan-out across channels and, given its pid, the gateway's resident memory.
 */
@NullMarked
package org.reservegrid.loadtest.sv2;

import org.jspecify.annotations.NullMarked;
