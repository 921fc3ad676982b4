/** Retry delays: the one backoff every reconnecting or retrying client uses. */
@NullMarked
package org.reservegrid.common.retry;

import org.jspecify.annotations.NullMarked;
