/** Command-line key management for the Stratum V2 Noise handshake. */
@NullMarked
package org.reservegrid.sv2.noise.cli;

import org.jspecify.annotations.NullMarked;
