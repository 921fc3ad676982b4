/** Micrometer meters of the verifier (exported at {@code GET /metrics} in Prometheus text format). */
@NullMarked
package org.reservegrid.verifier.metrics;

import org.jspecify.annotations.NullMarked;
