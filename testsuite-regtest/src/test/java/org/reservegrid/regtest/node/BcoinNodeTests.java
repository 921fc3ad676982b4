package org.reservegrid.regtest.node;

import java.util.Optional;
import org.bitcoinj.crypto.ECKey;

class BcoinNodeTests extends RegtestNodeContract {
    @Override
    Optional<String> missing(NodeInstallation installation) {
        return installation.bcoinMissing();
    }

    @Override
    RegtestNode create(NodeInstallation installation, ECKey payoutKey) {
        return RegtestNode.bcoin(installation, payoutKey);
    }
}
