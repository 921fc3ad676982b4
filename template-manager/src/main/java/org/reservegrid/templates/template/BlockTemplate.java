package org.reservegrid.templates.template;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a getblocktemplate result says, in the shape the gateway needs to build and submit a block. Fields a node
 * may omit are nullable: btcd reports no {@code rules}; {@code target} is derived from {@code bits} when absent.
 *
 * @param previousBlockHash display-order hex, as given
 * @param bits compact target, 8 hex characters as given
 * @param target 64 hex characters
 * @param rules the softfork rules the node reported; empty when it reported none
 * @param rulesReported false when the node's answer had no {@code rules} field (btcd)
 * @param coinbaseAux values the coinbase scriptSig must include (usually empty)
 */
public record BlockTemplate(
        String previousBlockHash,
        long height,
        long version,
        String bits,
        String target,
        long curtime,
        @Nullable Long mintime,
        long coinbaseValue,
        WitnessCommitment witnessCommitment,
        @Nullable String longPollId,
        List<String> rules,
        boolean rulesReported,
        Map<String, String> coinbaseAux,
        @Nullable Long sigopLimit,
        @Nullable Long weightLimit,
        @Nullable Long sizeLimit,
        List<TemplateTransaction> transactions,
        long totalFees,
        long totalWeight,
        long totalSigops) {

    public BlockTemplate {
        rules = List.copyOf(rules);
        coinbaseAux = Map.copyOf(coinbaseAux);
        transactions = List.copyOf(transactions);
    }
}
