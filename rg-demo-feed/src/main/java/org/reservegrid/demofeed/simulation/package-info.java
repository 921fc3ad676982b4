/**
 * Deterministic simulation of a Bitcoin template source: chain, mempool, transactions, and the frames that carry
 * getblocktemplate results.
 */
@NullMarked
package org.reservegrid.demofeed.simulation;

import org.jspecify.annotations.NullMarked;
