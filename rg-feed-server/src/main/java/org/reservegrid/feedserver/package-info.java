/** rg-feed-server entry point and wiring. */
@NullMarked
package org.reservegrid.feedserver;

import org.jspecify.annotations.NullMarked;
