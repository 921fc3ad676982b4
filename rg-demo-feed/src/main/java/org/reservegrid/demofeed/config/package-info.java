/** Settings, the loopback bind guard and start-up error reporting. */
@NullMarked
package org.reservegrid.demofeed.config;

import org.jspecify.annotations.NullMarked;
