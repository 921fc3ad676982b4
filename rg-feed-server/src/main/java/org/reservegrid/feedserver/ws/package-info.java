/** The WebSocket endpoint on /ws: upgrade on Reactor Netty, then hand the connection to the broadcaster. */
@NullMarked
package org.reservegrid.feedserver.ws;

import org.jspecify.annotations.NullMarked;
