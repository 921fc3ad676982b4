package org.reservegrid.regtest.node;

import java.util.Optional;
import org.bitcoinj.crypto.ECKey;

class BtcdNodeTests extends RegtestNodeContract {
    @Override
    Optional<String> missing(NodeInstallation installation) {
        return installation.btcdMissing();
    }

    @Override
    RegtestNode create(NodeInstallation installation, ECKey payoutKey) {
        return RegtestNode.btcd(installation, payoutKey);
    }
}
