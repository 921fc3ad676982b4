package org.reservegrid.regtest.node;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bitcoinj.base.Bech32;
import org.bitcoinj.crypto.ECKey;

/**
 * bcoin 1.0.2 driven by {@code scripts/regtest/bcoin-regtest.js}: pure JS backend, chain and mempool in memory, no
 * P2P listening, no peers, no wallet.
 *
 * <p>Quirks that matter here: its regtest addresses use their own prefixes (bech32 HRP {@code rb}, base58 version
 * 0x3c), not Core's {@code bcrt}; segwit is a BIP9 deployment (window 144, threshold 108), active from height 432;
 * once active, {@code getblocktemplate} without {@code "rules":["segwit"]} fails with "Client must support segwit."
 * (code -8); RPC authentication checks only the password, which is the node's API key.
 */
public final class Bcoin extends RegtestNode {
    static final String BECH32_HRP = "rb";

    Bcoin(NodeInstallation installation, ECKey payoutKey) {
        super(installation, payoutKey);
    }

    @Override
    public String implementation() {
        return "bcoin";
    }

    @Override
    public String payoutAddress() {
        Bech32.Bech32Data standard = Bech32.decode(standardRegtestAddress().toBech32());
        return Bech32.encode(standard.encoding, BECH32_HRP, standard);
    }

    @Override
    public List<String> mine(int blocks) {
        List<String> hashes = new ArrayList<>(blocks);
        rpc().call("generatetoaddress", blocks, payoutAddress()).forEach(hash -> hashes.add(hash.asString()));
        return hashes;
    }

    @Override
    public byte[] rawBlock(String blockHash) {
        return HexFormat.of().parseHex(rpc().call("getblock", blockHash, false).asString());
    }

    @Override
    public int segwitActiveFromHeight() {
        return 432;
    }

    @Override
    List<String> command(int rpcPort, String rpcUser, String rpcPassword) {
        return List.of(
                "node",
                installation.bcoinLauncher().toString(),
                "--prefix=" + workDir.resolve("data"),
                "--http-port=" + rpcPort,
                "--api-key=" + rpcPassword,
                "--log-level=info");
    }

    @Override
    Map<String, String> environment() {
        return Map.of("NODE_PATH", installation.nodeModules().toString(), "RG_EXIT_WITH_STDIN", "1");
    }
}
