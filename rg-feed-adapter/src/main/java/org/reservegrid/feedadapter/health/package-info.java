/** The adapter's readiness check on the upstream feed; reservegrid-spring answers {@code /health} and {@code /ready}. */
@NullMarked
package org.reservegrid.feedadapter.health;

import org.jspecify.annotations.NullMarked;
