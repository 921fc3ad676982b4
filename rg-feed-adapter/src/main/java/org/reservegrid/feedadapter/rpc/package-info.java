/** The bitcoind-compatible JSON-RPC endpoint and its methods. */
@NullMarked
package org.reservegrid.feedadapter.rpc;

import org.jspecify.annotations.NullMarked;
