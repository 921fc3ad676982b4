/** The WebSocket client that follows the feed, and the state it keeps for RPC and health. */
@NullMarked
package org.reservegrid.feedadapter.upstream;

import org.jspecify.annotations.NullMarked;
