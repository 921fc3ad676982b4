/** pool-verifier: see {@link org.reservegrid.verifier.PoolVerifierApplication}. */
@NullMarked
package org.reservegrid.verifier;

import org.jspecify.annotations.NullMarked;
