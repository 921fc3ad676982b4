/** Sequence numbers of submitted shares and the pool's batched acknowledgements and per-share errors. */
@NullMarked
package org.reservegrid.testminer.shares;

import org.jspecify.annotations.NullMarked;
