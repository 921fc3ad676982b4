/** rg-feed-adapter entry point and wiring. */
@NullMarked
package org.reservegrid.feedadapter;

import org.jspecify.annotations.NullMarked;
