/** JMH benchmarks of the hashing hot loops; run with the {@code jmh} profile, never by the normal build. */
@NullMarked
package org.reservegrid.bitcoin.bench;

import org.jspecify.annotations.NullMarked;
