/** The latest frame and its delivery to every subscriber: one serialisation per frame, shared bytes, bounded per-subscriber backlog. */
@NullMarked
package org.reservegrid.feedserver.broadcast;

import org.jspecify.annotations.NullMarked;
