/** The mempool size, polled from template-manager, that picks the policy's fee tier. */
@NullMarked
package org.reservegrid.verifier.mempool;

import org.jspecify.annotations.NullMarked;
