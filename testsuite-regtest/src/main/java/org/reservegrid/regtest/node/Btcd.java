package org.reservegrid.regtest.node;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bitcoinj.crypto.ECKey;

/**
 * btcd 0.26.0 on regtest: fresh data directory, no P2P listening, no DNS seeds, plain-HTTP RPC ({@code --notls}) on
 * loopback, coinbase paid to {@code --miningaddr}.
 *
 * <p>Quirks that matter here: {@code generate} takes only a count (the payout address is fixed at start by
 * {@code --miningaddr}; there is no {@code generatetoaddress}); {@code getblock} takes a verbosity number, not a
 * boolean; segwit is active from genesis on its regtest chain.
 */
public final class Btcd extends RegtestNode {
    Btcd(NodeInstallation installation, ECKey payoutKey) {
        super(installation, payoutKey);
    }

    @Override
    public String implementation() {
        return "btcd";
    }

    @Override
    public String payoutAddress() {
        return standardRegtestAddress().toBech32();
    }

    @Override
    public List<String> mine(int blocks) {
        List<String> hashes = new ArrayList<>(blocks);
        rpc().call("generate", blocks).forEach(hash -> hashes.add(hash.asString()));
        return hashes;
    }

    @Override
    public byte[] rawBlock(String blockHash) {
        return HexFormat.of().parseHex(rpc().call("getblock", blockHash, 0).asString());
    }

    @Override
    public int segwitActiveFromHeight() {
        return 0;
    }

    @Override
    List<String> command(int rpcPort, String rpcUser, String rpcPassword) {
        return List.of(
                installation.btcd().toString(),
                "--regtest",
                "--configfile=" + workDir.resolve("btcd.conf"),
                "--datadir=" + workDir.resolve("data"),
                "--logdir=" + workDir.resolve("logs"),
                "--nolisten",
                "--nodnsseed",
                "--notls",
                "--rpclisten=127.0.0.1:" + rpcPort,
                "--rpcuser=" + rpcUser,
                "--rpcpass=" + rpcPassword,
                "--miningaddr=" + payoutAddress(),
                "--debuglevel=info");
    }

    @Override
    Map<String, String> environment() {
        return Map.of();
    }

    @Override
    void beforeLaunch() throws IOException {
        // An empty config file of its own keeps btcd from reading or creating ~/.btcd/btcd.conf.
        Files.writeString(workDir.resolve("btcd.conf"), "");
    }
}
