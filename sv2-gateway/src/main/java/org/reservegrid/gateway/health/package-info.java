/**
 * The gateway's readiness checks ({@code template}, {@code share_log}); reservegrid-spring answers {@code /health}
 * and {@code /ready} from them.
 */
@NullMarked
package org.reservegrid.gateway.health;

import org.jspecify.annotations.NullMarked;
