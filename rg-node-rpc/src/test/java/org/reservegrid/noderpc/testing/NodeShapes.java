package org.reservegrid.noderpc.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites a Bitcoin Core getblocktemplate answer into the shapes bcoin and btcd give for the same template, as
 * their RPC servers build them: bcoin adds {@code maxtime}, {@code expires} and {@code submitold}; btcd reports no
 * {@code rules}, names the txid {@code hash} with no {@code txid} field, and gives the witness commitment as the
 * bare 32-byte hash (and only when a transaction has witness data).
 */
public final class NodeShapes {
    private NodeShapes() {}

    public static ObjectNode bcoin(ObjectNode core) {
        ObjectNode gbt = core.deepCopy();
        gbt.put("maxtime", gbt.get("curtime").asLong() + 7200);
        gbt.put("expires", 60);
        gbt.put("submitold", false);
        gbt.putObject("coinbaseaux").put("flags", "6d696e656420627920626a");
        return gbt;
    }

    public static ObjectNode btcd(ObjectNode core) {
        ObjectNode gbt = core.deepCopy();
        gbt.remove("rules");
        gbt.remove("vbavailable");
        gbt.remove("vbrequired");
        gbt.remove("signet_challenge");
        for (JsonNode tx : gbt.get("transactions").values()) {
            ObjectNode entry = (ObjectNode) tx;
            entry.put("hash", entry.get("txid").asString());
            entry.remove("txid");
        }
        String commitment = gbt.path("default_witness_commitment").asString("");
        if (commitment.startsWith("6a24aa21a9ed")) {
            gbt.put("default_witness_commitment", commitment.substring("6a24aa21a9ed".length()));
        }
        return gbt;
    }

    /** btcd's getmempoolinfo: only size and bytes. */
    public static ObjectNode btcdMempool(ObjectNode coreMempool) {
        ObjectNode info = coreMempool.objectNode();
        info.put("size", coreMempool.get("size").asLong());
        info.put("bytes", coreMempool.get("bytes").asLong());
        return info;
    }
}
