package org.reservegrid.regtest.e2e;

import java.util.Optional;
import org.bitcoinj.crypto.ECKey;
import org.reservegrid.regtest.node.NodeInstallation;
import org.reservegrid.regtest.node.RegtestNode;

class BtcdMiningChainTests extends MiningChainContract {
    @Override
    Optional<String> missing(NodeInstallation installation) {
        return installation.btcdMissing();
    }

    @Override
    RegtestNode create(NodeInstallation installation, ECKey payoutKey) {
        return RegtestNode.btcd(installation, payoutKey);
    }
}
