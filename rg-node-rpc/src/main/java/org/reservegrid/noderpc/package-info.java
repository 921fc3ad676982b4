/**
 * JSON-RPC to a Bitcoin node (Core, bcoin, btcd): calls with deadlines and response caps, typed failures, the
 * answers the services read (templates, mempool info, submitblock verdicts). Spring-free, shared by template-manager
 * and rg-feed-server.
 */
@NullMarked
package org.reservegrid.noderpc;

import org.jspecify.annotations.NullMarked;
