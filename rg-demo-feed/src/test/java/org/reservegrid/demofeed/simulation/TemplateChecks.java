package org.reservegrid.demofeed.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.reservegrid.bitcoin.DisplayHex;
import tools.jackson.databind.JsonNode;

/**
 * Asserts that a getblocktemplate result is well formed and internally consistent: every transaction parses and
 * matches its txid, hash, weight and sigops; depends point at earlier parents it really spends; the sums fit
 * Bitcoin Core's budgets; coinbasevalue, target, longpollid and the witness commitment agree with the rest.
 */
final class TemplateChecks {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2})+");

    /** Totals of a checked template. */
    record Totals(int count, long weight, long fees, long sigops, long serializedBytes) {}

    private TemplateChecks() {}

    static Totals assertWellFormed(JsonNode template) {
        for (String field : List.of(
                "capabilities",
                "version",
                "rules",
                "vbavailable",
                "vbrequired",
                "previousblockhash",
                "transactions",
                "coinbaseaux",
                "coinbasevalue",
                "longpollid",
                "target",
                "mintime",
                "mutable",
                "noncerange",
                "sigoplimit",
                "sizelimit",
                "weightlimit",
                "curtime",
                "bits",
                "height",
                "default_witness_commitment")) {
            assertThat(template.has(field)).as("field %s", field).isTrue();
        }
        String previous = template.get("previousblockhash").asString();
        assertThat(previous).matches(HASH);
        assertThat(template.get("longpollid").asString()).startsWith(previous);
        assertThat(template.get("target").asString())
                .isEqualTo(FeedSimulator.targetHex(template.get("bits").asString()));
        assertThat(template.get("rules").toString()).contains("segwit");
        assertThat(template.get("curtime").asLong())
                .isGreaterThanOrEqualTo(template.get("mintime").asLong());
        assertThat(template.get("weightlimit").asInt()).isEqualTo(4_000_000);
        assertThat(template.get("sigoplimit").asInt()).isEqualTo(80_000);

        JsonNode transactions = template.get("transactions");
        Set<String> txids = new HashSet<>();
        List<String> order = new ArrayList<>();
        List<byte[]> wtxids = new ArrayList<>();
        long weight = 0;
        long fees = 0;
        long sigops = 0;
        long bytes = 0;
        for (int i = 0; i < transactions.size(); i++) {
            JsonNode tx = transactions.get(i);
            String data = tx.get("data").asString();
            assertThat(data).matches(HEX);
            TransactionParser.Parsed parsed = TransactionParser.parse(data);
            String txid = tx.get("txid").asString();
            assertThat(txid).matches(HASH).isEqualTo(parsed.txid());
            assertThat(tx.get("hash").asString()).isEqualTo(parsed.wtxid());
            assertThat(tx.get("weight").asInt()).isEqualTo(parsed.weight());
            assertThat(tx.get("sigops").asInt()).isEqualTo(parsed.sigops());
            long fee = tx.get("fee").asLong();
            assertThat(fee).as("fee pays at least 1 sat/vB").isGreaterThanOrEqualTo((parsed.weight() + 3) / 4);
            for (JsonNode depends : tx.get("depends")) {
                int parent = depends.asInt();
                assertThat(parent)
                        .as("depends points at an earlier transaction")
                        .isBetween(1, i);
                assertThat(parsed.spentTxids()).contains(order.get(parent - 1));
            }
            assertThat(txids.add(txid)).as("unique txid").isTrue();
            order.add(txid);
            wtxids.add(DisplayHex.parse(parsed.wtxid()));
            weight += parsed.weight();
            fees += fee;
            sigops += parsed.sigops();
            bytes += parsed.size();
        }
        assertThat(weight).isLessThanOrEqualTo(FeedSimulator.TRANSACTION_WEIGHT_BUDGET);
        assertThat(sigops).isLessThanOrEqualTo(FeedSimulator.TRANSACTION_SIGOPS_BUDGET);
        assertThat(template.get("coinbasevalue").asLong())
                .isEqualTo(FeedSimulator.subsidy(template.get("height").asInt()) + fees);
        assertThat(template.get("default_witness_commitment").asString())
                .isEqualTo(FeedSimulator.defaultWitnessCommitment(wtxids));
        return new Totals(transactions.size(), weight, fees, sigops, bytes);
    }
}
