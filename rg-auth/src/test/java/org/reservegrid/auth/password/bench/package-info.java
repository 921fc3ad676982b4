/** JMH benchmarks of the password hash; run with the {@code jmh} profile, never by the normal build. */
@NullMarked
package org.reservegrid.auth.password.bench;

import org.jspecify.annotations.NullMarked;
