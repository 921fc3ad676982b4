/** Settings, the loopback bind guard and start-up error reporting. */
@NullMarked
package org.reservegrid.feedadapter.config;

import org.jspecify.annotations.NullMarked;
