/** Liveness and readiness endpoints. */
@NullMarked
package org.reservegrid.demofeed.health;

import org.jspecify.annotations.NullMarked;
