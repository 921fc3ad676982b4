/** Per-client and per-account rate limits (Bucket4j). */
@NullMarked
package org.reservegrid.auth.ratelimit;

import org.jspecify.annotations.NullMarked;
