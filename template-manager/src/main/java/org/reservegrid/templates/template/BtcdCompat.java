package org.reservegrid.templates.template;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Older btcd releases' getblocktemplate transactions carry the txid under {@code hash} and have no {@code txid}
 * field (0.26.0 sends both, like Core), which
 * rg-protocol's {@code GbtConverter} requires. This copies {@code hash} to {@code txid} where it is missing, in
 * place. {@link GbtParser#parse} recognises such entries afterwards (txid equal to hash with witness data) and
 * computes their wtxid from the raw data.
 */
public final class BtcdCompat {
    private BtcdCompat() {}

    /** Returns {@code gbt} itself, with {@code txid} filled in on every transaction that has only {@code hash}. */
    public static JsonNode withTxids(JsonNode gbt) {
        JsonNode transactions = gbt.get("transactions");
        if (transactions == null || !transactions.isArray()) {
            return gbt;
        }
        for (JsonNode tx : transactions.values()) {
            if (tx instanceof ObjectNode object
                    && !object.has("txid")
                    && object.path("hash").isString()) {
                object.set("txid", object.get("hash"));
            }
        }
        return gbt;
    }
}
