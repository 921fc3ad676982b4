/**
 * Bitcoin mining primitives the pool side needs: targets, coinbase layout around the extranonce, merkle paths,
 * headers and block assembly. Hashes are raw internal-order bytes everywhere, as on the Stratum V2 wire.
 */
@NullMarked
package org.reservegrid.gateway.mining;

import org.jspecify.annotations.NullMarked;
