/** Settings and the loopback bind guard; logging and start-up error reports are reservegrid-spring's. */
@NullMarked
package org.reservegrid.dashboard.config;

import org.jspecify.annotations.NullMarked;
