@NullMarked
package org.reservegrid.gateway.metrics;

import org.jspecify.annotations.NullMarked;
