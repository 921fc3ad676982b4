package org.reservegrid.regtest.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptBuilder;
import org.jspecify.annotations.Nullable;
import org.reservegrid.regtest.chain.AssembledBlock;
import org.reservegrid.regtest.chain.BlockAssembler;
import org.reservegrid.regtest.chain.BlockTemplate;
import org.reservegrid.regtest.rpc.JsonRpcClient;
import org.reservegrid.regtest.rpc.RpcException;
import tools.jackson.databind.JsonNode;

/**
 * One regtest node process on loopback, started with fresh state in its own temporary directory.
 *
 * <p>Lifecycle: {@link #start()} picks a free loopback RPC port, launches the process and waits until it answers RPC;
 * {@link #kill()} sends SIGKILL, as a crash would; {@link #restart()} launches it again on the same port, so clients
 * configured with its URL reconnect; {@link #close()} kills it and deletes its directory. Every block it mines pays
 * its {@linkplain #payoutKey() payout key} (P2WPKH), which is what funds the suite's transactions.
 */
public abstract sealed class RegtestNode implements AutoCloseable permits Bcoin, Btcd {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    protected final NodeInstallation installation;
    protected final Path workDir;
    private final ECKey payoutKey;
    private final String rpcPassword;
    private int rpcPort;
    private @Nullable Process process;
    private @Nullable JsonRpcClient rpc;
    private int launches;

    RegtestNode(NodeInstallation installation, ECKey payoutKey) {
        this.installation = installation;
        this.payoutKey = payoutKey;
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        this.rpcPassword = HexFormat.of().formatHex(secret);
        try {
            this.workDir = Files.createTempDirectory(
                    "rg-regtest-" + getClass().getSimpleName().toLowerCase() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Bcoin bcoin(NodeInstallation installation, ECKey payoutKey) {
        return new Bcoin(installation, payoutKey);
    }

    public static Btcd btcd(NodeInstallation installation, ECKey payoutKey) {
        return new Btcd(installation, payoutKey);
    }

    /** Short name of the implementation, for messages and test display names. */
    public abstract String implementation();

    /** The payout key's P2WPKH address in this node's own regtest encoding. */
    public abstract String payoutAddress();

    /** Mines {@code blocks} blocks paying the payout key and returns their hashes, oldest first. */
    public abstract List<String> mine(int blocks);

    /** The raw serialized block (witness included) with the given hash. */
    public abstract byte[] rawBlock(String blockHash);

    /** Height from which segwit spends are valid on this node's regtest chain. */
    public abstract int segwitActiveFromHeight();

    /** The {@code getblocktemplate} request object a segwit-aware miner sends; both nodes accept it. */
    public JsonNode blockTemplate() {
        return rpc().call("getblocktemplate", Map.of("rules", List.of("segwit")));
    }

    abstract List<String> command(int rpcPort, String rpcUser, String rpcPassword);

    abstract Map<String, String> environment();

    /** Writes whatever files the process needs before each launch. */
    void beforeLaunch() throws IOException {}

    public final ECKey payoutKey() {
        return payoutKey;
    }

    public final Script payoutScript() {
        return ScriptBuilder.createP2WPKHOutputScript(payoutKey);
    }

    /** The payout address in the encoding bitcoinj (and Bitcoin Core, and btcd) use on regtest: {@code bcrt1...}. */
    protected final SegwitAddress standardRegtestAddress() {
        return (SegwitAddress) payoutKey.toAddress(ScriptType.P2WPKH, BitcoinNetwork.REGTEST);
    }

    public final synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(implementation() + " is already running");
        }
        if (rpcPort == 0) {
            rpcPort = freeLoopbackPort();
            rpc = new JsonRpcClient(rpcUri(), rpcUser(), rpcPassword, Duration.ofSeconds(120));
        }
        launches++;
        Path log = workDir.resolve("node-" + launches + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(rpcPort, rpcUser(), rpcPassword))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment());
        Process started;
        try {
            beforeLaunch();
            started = builder.start();
        } catch (IOException e) {
            throw new NodeStartException(implementation() + " could not be launched: " + e.getMessage());
        }
        process = started;
        LIVE.add(started);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!rpc().answers("getblockcount")) {
            if (!started.isAlive()) {
                LIVE.remove(started);
                throw new NodeStartException(implementation() + " exited with status " + started.exitValue()
                        + " before answering RPC; log tail:\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new NodeStartException(
                        implementation() + " did not answer RPC within " + START_TIMEOUT + "; log tail:\n" + tail(log));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** Kills the process with SIGKILL and waits until it is gone. Does nothing when it is not running. */
    public final synchronized void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(implementation() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(running);
        process = null;
    }

    /**
     * Starts the node again on the same RPC port. bcoin runs in memory, so it comes back at genesis; btcd keeps its
     * data directory, but SIGKILL loses the blocks its database had not flushed yet (150 blocks mined 5 s before the
     * kill were all gone), so after the suite's short runs it too comes back at genesis.
     */
    public final synchronized void restart() {
        kill();
        start();
    }

    public final synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public final JsonRpcClient rpc() {
        JsonRpcClient client = rpc;
        if (client == null) {
            throw new IllegalStateException(implementation() + " has not been started");
        }
        return client;
    }

    public final URI rpcUri() {
        return URI.create("http://127.0.0.1:" + rpcPort + "/");
    }

    public final int rpcPort() {
        return rpcPort;
    }

    public String rpcUser() {
        return "reservegrid";
    }

    public final String rpcPassword() {
        return rpcPassword;
    }

    public final int height() {
        return rpc().call("getblockcount").asInt();
    }

    public final String bestBlockHash() {
        return rpc().call("getbestblockhash").asString();
    }

    /** Relays a signed transaction and returns the txid the node reports. */
    public final String sendRawTransaction(byte[] transaction) {
        return rpc().call("sendrawtransaction", HexFormat.of().formatHex(transaction))
                .asString();
    }

    public final List<String> mempoolTxids() {
        List<String> txids = new ArrayList<>();
        rpc().call("getrawmempool").forEach(txid -> txids.add(txid.asString()));
        return txids;
    }

    /**
     * Submits a serialized block; returns empty when the node accepted it, else the node's reason (BIP22 result
     * string, or the RPC error message).
     */
    public final Optional<String> submitBlock(byte[] block) {
        try {
            JsonNode result = rpc().call("submitblock", HexFormat.of().formatHex(block));
            return result.isNull() ? Optional.empty() : Optional.of(result.asString());
        } catch (RpcException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Moves the tip by one empty block built here from the current template, and returns its hash. The mempool keeps
     * every transaction, and the node's cached block template is thrown away: both nodes otherwise keep serving a
     * template built before later transactions arrived (btcd rebuilds on mempool changes only 60 s after the last
     * build, bcoin only when a transaction arrives more than 10 s after it).
     */
    public final String advanceTipKeepingMempool() {
        BlockTemplate template = BlockTemplate.fromJson(blockTemplate()).withoutTransactions();
        AssembledBlock block = BlockAssembler.assemble(template, payoutScript().program(), System.nanoTime())
                .solve();
        submitBlock(block.serialize()).ifPresent(reason -> {
            throw new IllegalStateException(implementation() + " rejected an empty block: " + reason);
        });
        return block.hash();
    }

    /** The log of the current (or last) launch, for failure messages. */
    public final String logTail() {
        return tail(workDir.resolve("node-" + launches + ".log"));
    }

    @Override
    public final void close() {
        kill();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    @Override
    public String toString() {
        return implementation() + "@127.0.0.1:" + rpcPort;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
