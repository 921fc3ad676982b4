package org.reservegrid.templates.template;

import java.util.List;

/**
 * One non-coinbase transaction of a template, in block order.
 *
 * @param data the serialized transaction (with witness data when it has any), hex
 * @param txid transaction id, display-order hex
 * @param hash witness transaction id (wtxid), display-order hex; equal to the txid without witness data
 * @param fee satoshis
 * @param weight weight units
 * @param sigops sigops cost as the node counts it
 * @param depends 1-based indexes of earlier template transactions this one spends from
 */
public record TemplateTransaction(
        String data, String txid, String hash, long fee, long weight, long sigops, List<Integer> depends) {

    public TemplateTransaction {
        depends = List.copyOf(depends);
    }
}
