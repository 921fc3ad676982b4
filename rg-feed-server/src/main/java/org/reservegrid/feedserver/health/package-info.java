/** Readiness: the upstream delivered a frame recently. */
@NullMarked
package org.reservegrid.feedserver.health;

import org.jspecify.annotations.NullMarked;
