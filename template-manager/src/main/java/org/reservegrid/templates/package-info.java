/**
 * template-manager: fetches block templates from a bitcoind-compatible node, proposes each to the pool verifier,
 * streams them with their verdicts to the gateway, relays {@code submitblock} and serves mempool statistics.
 */
@NullMarked
package org.reservegrid.templates;

import org.jspecify.annotations.NullMarked;
