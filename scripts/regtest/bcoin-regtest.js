#!/usr/bin/env node
// Starts a bcoin full node for the regtest suite: regtest, chain and mempool in memory, pure JS backend,
// no P2P listening and no outbound peers, no wallet, JSON-RPC on the loopback --http-port.
// bcoin's own bin/node always connects to the network's seed peers and loads the wallet plugin, so the suite
// drives FullNode directly. bcoin is resolved through NODE_PATH (scripts/ci/install-regtest-nodes.sh sets it up).
// Any further --option is handed to bcoin's config parser (for example --http-port, --api-key, --log-level).
'use strict';

process.env.NODE_BACKEND = 'js';
process.title = 'bcoin-regtest';

const FullNode = require('bcoin/lib/node/fullnode');

const node = new FullNode({
  network: 'regtest',
  config: false,
  argv: true,
  env: false,
  memory: true,
  workers: false,
  listen: false,
  logFile: false,
  logConsole: true,
  logLevel: 'info',
  httpHost: '127.0.0.1'
});

// Started by the test harness (RG_EXIT_WITH_STDIN=1), the node stops when the harness's end of stdin closes, so a
// JVM that dies leaves no node behind.
if (process.env.RG_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

process.on('unhandledRejection', (err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});

(async () => {
  await node.ensure();
  await node.open();
  // Deliberately no node.connect(): regtest templates need no peers (selfConnect), and the suite wants no traffic.
  console.log('bcoin-regtest ready: rpc on ' + node.http.options.host + ':' + node.http.options.port);
})().catch((err) => {
  console.error(err.stack);
  process.exit(1);
});
