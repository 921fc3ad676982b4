/**
 * What the services that serve a WebSocket feed share (rg-demo-feed, rg-feed-server): per-address and total
 * connection limits, and bearer tokens checked before the upgrade.
 */
@NullMarked
package org.reservegrid.spring.websocket;

import org.jspecify.annotations.NullMarked;
