package org.reservegrid.regtest.funds;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.bitcoinj.base.Coin;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.script.Script;
import org.reservegrid.regtest.node.RegtestNode;

/**
 * The coins a node's payout key holds, collected from the blocks the node mined for it, and spent by transactions
 * signed here with bitcoinj (neither node runs a wallet in the suite).
 *
 * <p>Each spend takes one mature coinbase output and pays all of it but the fee back to the same key, one input and
 * one output, so every transaction is independent of the others: no ancestor packages blur its fee rate.
 */
public final class CoinPurse {
    private final RegtestNode node;
    private final Script payoutScript;
    private final Deque<Utxo> utxos = new ArrayDeque<>();

    public CoinPurse(RegtestNode node) {
        this.node = node;
        this.payoutScript = node.payoutScript();
    }

    /**
     * Mines enough blocks that at least {@code spendable} coinbase outputs are mature and segwit is active, and
     * collects the coinbase outputs of every block mined. Returns the number of blocks mined.
     */
    public int fund(int spendable) {
        int start = node.height();
        int target = Math.max(start + spendable + Utxo.COINBASE_MATURITY, node.segwitActiveFromHeight());
        int mined = 0;
        while (node.height() < target) {
            int batch = Math.min(200, target - node.height());
            collect(node.mine(batch));
            mined += batch;
        }
        return mined;
    }

    /** Reads the given blocks from the node and keeps the outputs that pay the payout key. */
    public void collect(List<String> blockHashes) {
        for (String hash : blockHashes) {
            Block block = Block.read(ByteBuffer.wrap(node.rawBlock(hash)));
            int height = node.rpc().call("getblock", hash).path("height").asInt();
            // bitcoinj leaves the list null only for a header; rawBlock returns whole blocks.
            for (Transaction tx : Objects.requireNonNull(block.getTransactions(), "a full block")) {
                List<TransactionOutput> outputs = tx.getOutputs();
                for (int i = 0; i < outputs.size(); i++) {
                    TransactionOutput output = outputs.get(i);
                    if (Arrays.equals(output.getScriptBytes(), payoutScript.program())
                            && output.getValue().isPositive()) {
                        utxos.add(new Utxo(tx.getTxId(), i, output.getValue().value, height, tx.isCoinBase()));
                    }
                }
            }
        }
    }

    /** How many outputs could be spent into the node's mempool now. */
    public int spendableCount() {
        int tip = node.height();
        return (int) utxos.stream().filter(utxo -> utxo.spendableAbove(tip)).count();
    }

    /**
     * Builds and signs (without relaying) a one-input, one-output P2WPKH transaction paying exactly
     * {@code satPerVbyte * vsize} in fees, from the oldest spendable output.
     */
    public FeeRateSpend spendAtFeeRate(long satPerVbyte) {
        int tip = node.height();
        Utxo utxo = utxos.stream()
                .filter(candidate -> candidate.spendableAbove(tip))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no spendable output left: fund the purse first"));
        utxos.remove(utxo);
        // The vsize depends on the DER signature's length, which changes with everything signed, the fee included.
        // Each attempt signs with a guessed vsize and a different lock time (below the tip, so always final) until
        // the signed transaction's vsize is the one its fee was computed for.
        int vsizeGuess = 110; // P2WPKH, one input, one output
        for (int attempt = 0; attempt < 64 && attempt <= tip; attempt++) {
            long fee = satPerVbyte * vsizeGuess;
            Transaction tx = signedSpend(utxo, fee, attempt);
            if (tx.getVsize() == vsizeGuess) {
                return new FeeRateSpend(tx, satPerVbyte, fee, vsizeGuess, tx.getWeight());
            }
            vsizeGuess = tx.getVsize();
        }
        throw new IllegalStateException("fee did not settle for rate " + satPerVbyte + " sat/vB");
    }

    /** Builds, signs and relays a spend at the given rate; returns it once the node has accepted it. */
    public FeeRateSpend sendAtFeeRate(long satPerVbyte) {
        FeeRateSpend spend = spendAtFeeRate(satPerVbyte);
        String txid = node.sendRawTransaction(spend.serialize());
        if (!txid.equals(spend.txid())) {
            throw new IllegalStateException(node.implementation() + " reported txid " + txid + " for " + spend.txid());
        }
        return spend;
    }

    private Transaction signedSpend(Utxo utxo, long fee, long lockTime) {
        Transaction tx = new Transaction();
        tx.setLockTime(lockTime);
        tx.addOutput(Coin.valueOf(utxo.value() - fee), payoutScript);
        tx.addSignedInput(
                new TransactionOutPoint(utxo.index(), utxo.txid()),
                payoutScript,
                Coin.valueOf(utxo.value()),
                node.payoutKey());
        return tx;
    }
}
