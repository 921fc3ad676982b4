/** Clocks for tests that check time-dependent behaviour without waiting for it. */
@NullMarked
package org.reservegrid.testkit.time;

import org.jspecify.annotations.NullMarked;
