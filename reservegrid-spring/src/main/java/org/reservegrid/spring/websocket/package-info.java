/**
 * What the services that serve or follow a WebSocket feed share. Serving (rg-demo-feed, rg-feed-server):
 * per-address and total connection limits, and bearer tokens checked before the upgrade. Following (rg-feed-adapter's
 * feed connection, rg-feed-server's relay of another feed server): {@link FeedFollower}, the connect, read, ping,
 * idle-timeout and backoff loop, which is the follower's lifecycle bean and writes its log lines.
 */
@NullMarked
package org.reservegrid.spring.websocket;

import org.jspecify.annotations.NullMarked;
