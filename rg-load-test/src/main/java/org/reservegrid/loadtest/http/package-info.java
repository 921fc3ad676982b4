/**
 * {@code rg-load-test http}: an open-loop, fixed-rate HTTP/1.1 load generator over a fixed set of keep-alive
 * connections, latency measured from each request's scheduled send time.
 */
@NullMarked
package org.reservegrid.loadtest.http;

import org.jspecify.annotations.NullMarked;
