/** Liveness and readiness endpoints with the upstream feed's state. */
@NullMarked
package org.reservegrid.feedadapter.health;

import org.jspecify.annotations.NullMarked;
