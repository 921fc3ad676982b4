/** Readiness: the database answers. */
@NullMarked
package org.reservegrid.auth.health;

import org.jspecify.annotations.NullMarked;
