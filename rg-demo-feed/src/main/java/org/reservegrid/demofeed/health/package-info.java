/** The feed's readiness check; reservegrid-spring answers {@code /health} and {@code /ready} from it. */
@NullMarked
package org.reservegrid.demofeed.health;

import org.jspecify.annotations.NullMarked;
