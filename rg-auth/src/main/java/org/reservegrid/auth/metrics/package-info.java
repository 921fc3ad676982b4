/** The service's Prometheus metrics. */
@NullMarked
package org.reservegrid.auth.metrics;

import org.jspecify.annotations.NullMarked;
