/** Subscriber bearer tokens from the environment and a file that is re-read when it changes. */
@NullMarked
package org.reservegrid.feedserver.tokens;

import org.jspecify.annotations.NullMarked;
