/** rg-demo-feed entry point and wiring. */
@NullMarked
package org.reservegrid.demofeed;

import org.jspecify.annotations.NullMarked;
