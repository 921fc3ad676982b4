/**
 * The verifier's readiness checks ({@code policy}, {@code mempool}); reservegrid-spring answers {@code /health} and
 * {@code /ready} from them.
 */
@NullMarked
package org.reservegrid.verifier.health;

import org.jspecify.annotations.NullMarked;
