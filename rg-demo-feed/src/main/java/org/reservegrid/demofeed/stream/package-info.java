/** Real-time playback of the simulation to subscribers. */
@NullMarked
package org.reservegrid.demofeed.stream;

import org.jspecify.annotations.NullMarked;
