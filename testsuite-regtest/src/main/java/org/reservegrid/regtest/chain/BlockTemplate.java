package org.reservegrid.regtest.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The fields of a BIP22/BIP23 {@code getblocktemplate} result that block assembly needs.
 *
 * @param previousBlockHash display-order hex
 * @param bits compact target, as the 8-hex-digit string the template carries
 * @param defaultWitnessCommitment the template's {@code default_witness_commitment} as given: Bitcoin Core and bcoin
 *     send the whole output script ({@code 6a24aa21a9ed...}); absent when the node sends none
 */
public record BlockTemplate(
        int height,
        long version,
        String previousBlockHash,
        String bits,
        long curTime,
        long minTime,
        long coinbaseValue,
        List<Transaction> transactions,
        Optional<String> defaultWitnessCommitment) {

    /**
     * One template transaction.
     *
     * @param txid display-order hex of the transaction id (no witness)
     * @param wtxid display-order hex of the witness transaction id ({@code hash} in the template)
     */
    public record Transaction(byte[] data, String txid, String wtxid, long fee, long weight) {
        public boolean hasWitness() {
            return !txid.equals(wtxid);
        }
    }

    public BlockTemplate {
        transactions = List.copyOf(transactions);
    }

    public static BlockTemplate fromJson(JsonNode json) {
        List<Transaction> transactions = new ArrayList<>();
        for (JsonNode tx : json.path("transactions")) {
            String txid = tx.path("txid").asString();
            transactions.add(new Transaction(
                    HexFormat.of().parseHex(tx.path("data").asString()),
                    txid,
                    tx.path("hash").asString(txid),
                    tx.path("fee").asLong(),
                    tx.path("weight").asLong()));
        }
        JsonNode commitment = json.path("default_witness_commitment");
        return new BlockTemplate(
                json.path("height").asInt(),
                json.path("version").asLong(),
                json.path("previousblockhash").asString(),
                json.path("bits").asString(),
                json.path("curtime").asLong(),
                json.path("mintime").asLong(),
                json.path("coinbasevalue").asLong(),
                transactions,
                commitment.isString() ? Optional.of(commitment.asString()) : Optional.empty());
    }

    /**
     * The same template without its transactions: the coinbase value loses their fees, the node's default witness
     * commitment (computed over them) is dropped. A block from it moves the tip and leaves the mempool as it is.
     */
    public BlockTemplate withoutTransactions() {
        return new BlockTemplate(
                height,
                version,
                previousBlockHash,
                bits,
                curTime,
                minTime,
                coinbaseValue - totalFees(),
                List.of(),
                Optional.empty());
    }

    /**
     * Reads a template as template-manager publishes it ({@code GET /api/templates/latest}: snake_case names,
     * {@code prev_hash}, {@code coinbase_value}, the node's commitment under
     * {@code default_witness_commitment.given}).
     */
    public static BlockTemplate fromTemplateManager(JsonNode json) {
        List<Transaction> transactions = new ArrayList<>();
        for (JsonNode tx : json.path("transactions")) {
            transactions.add(new Transaction(
                    HexFormat.of().parseHex(tx.path("data").asString()),
                    tx.path("txid").asString(),
                    tx.path("hash").asString(),
                    tx.path("fee").asLong(),
                    tx.path("weight").asLong()));
        }
        JsonNode given = json.path("default_witness_commitment").path("given");
        return new BlockTemplate(
                json.path("height").asInt(),
                json.path("version").asLong(),
                json.path("prev_hash").asString(),
                json.path("bits").asString(),
                json.path("curtime").asLong(),
                json.path("mintime").asLong(),
                json.path("coinbase_value").asLong(),
                transactions,
                given.isString() ? Optional.of(given.asString()) : Optional.empty());
    }

    /** The target a block hash must not exceed, decoded from {@link #bits()}. */
    public BigInteger target() {
        long compact = Long.parseLong(bits, 16);
        int exponent = (int) (compact >>> 24);
        BigInteger mantissa = BigInteger.valueOf(compact & 0x007fffffL);
        return exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent)) : mantissa.shiftLeft(8 * (exponent - 3));
    }

    public boolean hasWitnessTransactions() {
        return transactions.stream().anyMatch(Transaction::hasWitness);
    }

    public long totalFees() {
        return transactions.stream().mapToLong(Transaction::fee).sum();
    }
}
