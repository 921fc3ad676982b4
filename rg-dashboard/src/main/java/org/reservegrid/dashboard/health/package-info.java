/** Readiness: rg-auth answers, with each backend's own readiness as detail. */
@NullMarked
package org.reservegrid.dashboard.health;

import org.jspecify.annotations.NullMarked;
