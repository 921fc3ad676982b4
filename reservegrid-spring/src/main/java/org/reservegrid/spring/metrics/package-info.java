/** {@code GET /metrics}: the Prometheus text exposition every service serves the same way. */
@NullMarked
package org.reservegrid.spring.metrics;

import org.jspecify.annotations.NullMarked;
