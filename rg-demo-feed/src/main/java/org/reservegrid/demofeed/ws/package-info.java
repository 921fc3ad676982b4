/** The WebSocket endpoint: frame delivery, connection limits and the optional bearer token. */
@NullMarked
package org.reservegrid.demofeed.ws;

import org.jspecify.annotations.NullMarked;
