package org.reservegrid.gateway.support;

import java.nio.file.Path;
import java.util.HexFormat;
import org.reservegrid.testkit.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Template events in template-manager's stream shape (snake_case, display-order hashes). */
public final class Templates {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** A difficulty no test share reaches: shares are never blocks. */
    public static final String HARD_BITS = "1d00ffff";
    /** Regtest's minimum difficulty: about every second hash is a block. */
    public static final String REGTEST_BITS = "207fffff";

    private Templates() {}

    /** An empty template (no transactions) on {@code prevHash} (64 hex digits, display order). */
    public static ObjectNode empty(long sequence, long height, String prevHash, String bits, long curtime) {
        ObjectNode t = MAPPER.createObjectNode();
        t.put("sequence", sequence);
        t.put("source", "test");
        t.put("height", height);
        t.put("prev_hash", prevHash);
        t.put("version", 0x2000_0000L);
        t.put("bits", bits);
        t.put("target", "00".repeat(32));
        t.put("curtime", curtime);
        t.put("coinbase_value", 5_000_000_000L);
        ObjectNode commitment = t.putObject("default_witness_commitment");
        commitment.put("form", "absent");
        commitment.putNull("given");
        commitment.putNull("script");
        t.putArray("transactions");
        return t;
    }

    /** The shared regtest getblocktemplate fixture (four segwit transactions) as a template event. */
    public static ObjectNode fromGbtFixture(long sequence, String fixture) {
        JsonNode gbt = MAPPER.readTree(TestData.fixture("gbt/" + fixture).toFile());
        ObjectNode t = MAPPER.createObjectNode();
        t.put("sequence", sequence);
        t.put("source", "test");
        t.put("height", gbt.get("height").asLong());
        t.put("prev_hash", gbt.get("previousblockhash").asString());
        t.put("version", gbt.get("version").asLong());
        t.put("bits", gbt.get("bits").asString());
        t.put("curtime", gbt.get("curtime").asLong());
        t.put("coinbase_value", gbt.get("coinbasevalue").asLong());
        ObjectNode commitment = t.putObject("default_witness_commitment");
        JsonNode given = gbt.get("default_witness_commitment");
        commitment.put("form", given == null ? "absent" : "script");
        commitment.put("given", given == null ? null : given.asString());
        commitment.put("script", given == null ? null : given.asString());
        ArrayNode txs = t.putArray("transactions");
        for (JsonNode tx : gbt.get("transactions")) {
            ObjectNode out = txs.addObject();
            out.put("data", tx.get("data").asString());
            out.put("txid", tx.get("txid").asString());
            out.put("hash", tx.get("hash").asString());
            out.put("fee", tx.get("fee").asLong());
            out.put("weight", tx.get("weight").asLong());
            out.put("sigops", tx.get("sigops").asLong());
            out.putArray("depends");
        }
        return t;
    }

    public static String verdict(long sequence, boolean accepted, String reasonCode) {
        ObjectNode v = MAPPER.createObjectNode();
        v.put("sequence", sequence);
        v.put("outcome", accepted ? "accepted" : "rejected");
        v.put("accepted", accepted);
        if (accepted) {
            v.putNull("reason_code");
        } else {
            v.put("reason_code", reasonCode);
        }
        return v.toString();
    }

    /** A display-order hash made of one repeated byte. */
    public static String hash(int fill) {
        return HexFormat.of().toHexDigits((byte) fill).repeat(32);
    }

    public static Path fixturePath(String relative) {
        return TestData.fixture(relative);
    }
}
