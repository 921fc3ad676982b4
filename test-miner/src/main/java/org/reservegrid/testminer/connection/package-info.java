/**
 * The miner's encrypted connection to the pool: Netty pipeline (Noise initiator, SV2 codecs) feeding a queue of
 * {@link org.reservegrid.testminer.connection.PoolEvent}s that the miner's main thread consumes.
 */
@NullMarked
package org.reservegrid.testminer.connection;

import org.jspecify.annotations.NullMarked;
