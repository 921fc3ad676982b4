package org.reservegrid.demofeed.simulation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A getblocktemplate result with Bitcoin Core's field names and order (BIP 22/23, BIP 9 and BIP 141 fields as
 * Core 25-29 emit them).
 */
@JsonPropertyOrder({
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
    "default_witness_commitment"
})
record BlockTemplate(
        List<String> capabilities,
        long version,
        List<String> rules,
        Map<String, Integer> vbavailable,
        int vbrequired,
        String previousblockhash,
        List<TemplateTransaction> transactions,
        Map<String, String> coinbaseaux,
        long coinbasevalue,
        String longpollid,
        String target,
        long mintime,
        List<String> mutable,
        String noncerange,
        int sigoplimit,
        int sizelimit,
        int weightlimit,
        long curtime,
        String bits,
        int height,
        @JsonProperty("default_witness_commitment") String defaultWitnessCommitment) {

    /** One entry of {@code transactions}; {@code depends} holds 1-based indexes of in-template parents. */
    @JsonPropertyOrder({"data", "txid", "hash", "depends", "fee", "sigops", "weight"})
    record TemplateTransaction(
            String data, String txid, String hash, List<Integer> depends, long fee, int sigops, int weight) {}
}
