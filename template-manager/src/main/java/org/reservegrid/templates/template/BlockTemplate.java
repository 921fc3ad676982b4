package org.reservegrid.templates.template;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;

/**
 * What a getblocktemplate result says, in the shape the gateway needs to build and submit a block, as {@link
 * GbtParser} read it; the verifier's proposal is built from it ({@link #propose}). Fields a node may omit are
 * nullable: btcd reports no {@code rules}; {@code target} is derived from {@code bits} when absent.
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

    /**
     * The proposal the verifier judges: header fields and, per transaction, txid (internal byte order), fee, weight
     * and sigops. Its request id is 0; the verifier client stamps its own.
     *
     * @param protocolVersion the template protocol version to stamp on the proposal
     * @param coinbaseSigops sigops cost of the coinbase the pool will add (not part of a getblocktemplate result)
     */
    public TemplatePropose propose(int protocolVersion, long coinbaseSigops) {
        TransactionTable.Builder table = TransactionTable.builder(transactions.size());
        for (TemplateTransaction transaction : transactions) {
            // GbtParser checked the ranges: 64 hex digits, weight and sigops within int.
            table.add(DisplayHex.parse(transaction.txid()), transaction.fee(), (int) transaction.weight(), (int)
                    transaction.sigops());
        }
        return new TemplatePropose(
                0,
                protocolVersion,
                previousBlockHash,
                (int) version,
                Integer.parseUnsignedInt(bits, 16),
                height,
                curtime,
                coinbaseValue,
                coinbaseSigops,
                table.build());
    }
}
