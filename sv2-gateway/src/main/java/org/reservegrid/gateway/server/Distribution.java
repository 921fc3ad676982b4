package org.reservegrid.gateway.server;

import org.reservegrid.gateway.work.Work;

/**
 * One release of work to every channel. {@code number} increases with each release, so a channel that already has
 * newer work (it read the current release while opening) skips an older one still queued on its event loop.
 */
record Distribution(long number, Work work) {}
