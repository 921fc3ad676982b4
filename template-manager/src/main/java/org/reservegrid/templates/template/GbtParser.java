package org.reservegrid.templates.template;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a getblocktemplate result from Bitcoin Core, bcoin or btcd into a {@link BlockTemplate}.
 *
 * <p>Transaction ids: Core, bcoin and btcd 0.26 give {@code txid} and {@code hash} (wtxid). Older btcd gives only
 * {@code hash},
 * which there is the txid; the wtxid is then computed from {@code data} (double SHA-256 of the full
 * serialization), so the stream always carries both. The same happens when {@code txid} equals {@code hash}
 * for a transaction with witness data, which is what a btcd entry looks like after {@link BtcdCompat}.
 */
public final class GbtParser {
    private static final HexFormat HEX = HexFormat.of();

    private GbtParser() {}

    public static BlockTemplate parse(JsonNode gbt) {
        if (!gbt.isObject()) {
            throw new MalformedTemplateException("template is not a JSON object");
        }
        String previousBlockHash = requiredString(gbt, "previousblockhash");
        long height = requiredLong(gbt, "height", 0, 0xffff_ffffL);
        long version = requiredLong(gbt, "version", Integer.MIN_VALUE, 0xffff_ffffL);
        String bits = requiredString(gbt, "bits");
        if (bits.length() != 8 || !isHex(bits)) {
            throw new MalformedTemplateException("bits must be 8 hex characters, got '" + clip(bits) + "'");
        }
        String target = optionalString(gbt, "target");
        if (target == null) {
            target = targetFromBits(bits);
        }
        long curtime = requiredLong(gbt, "curtime", 0, Long.MAX_VALUE);
        Long mintime = optionalLong(gbt, "mintime");
        if (!gbt.hasNonNull("coinbasevalue")) {
            throw new MalformedTemplateException("coinbasevalue missing (coinbasetxn templates are not supported)");
        }
        long coinbaseValue = requiredLong(gbt, "coinbasevalue", 0, Long.MAX_VALUE);
        WitnessCommitment witnessCommitment = WitnessCommitment.of(optionalString(gbt, "default_witness_commitment"));

        JsonNode rulesNode = gbt.get("rules");
        List<String> rules = new ArrayList<>();
        if (rulesNode != null && rulesNode.isArray()) {
            for (JsonNode rule : rulesNode.values()) {
                if (rule.isString()) {
                    rules.add(rule.asString());
                }
            }
        }
        Map<String, String> coinbaseAux = new LinkedHashMap<>();
        JsonNode aux = gbt.get("coinbaseaux");
        if (aux != null && aux.isObject()) {
            aux.forEachEntry((key, value) -> {
                if (value.isString()) {
                    coinbaseAux.put(key, value.asString());
                }
            });
        }

        JsonNode txs = gbt.get("transactions");
        if (txs == null || !txs.isArray()) {
            throw new MalformedTemplateException("transactions missing or not an array");
        }
        List<TemplateTransaction> transactions = new ArrayList<>(txs.size());
        long totalFees = 0;
        long totalWeight = 0;
        long totalSigops = 0;
        int index = 0;
        for (JsonNode tx : txs.values()) {
            TemplateTransaction transaction = transaction(tx, index++);
            transactions.add(transaction);
            totalFees += transaction.fee();
            totalWeight += transaction.weight();
            totalSigops += transaction.sigops();
        }
        return new BlockTemplate(
                previousBlockHash,
                height,
                version,
                bits,
                target,
                curtime,
                mintime,
                coinbaseValue,
                witnessCommitment,
                optionalString(gbt, "longpollid"),
                rules,
                rulesNode != null && rulesNode.isArray(),
                coinbaseAux,
                optionalLong(gbt, "sigoplimit"),
                optionalLong(gbt, "weightlimit"),
                optionalLong(gbt, "sizelimit"),
                transactions,
                totalFees,
                totalWeight,
                totalSigops);
    }

    private static TemplateTransaction transaction(JsonNode tx, int index) {
        String where = "transactions[" + index + "].";
        if (!tx.isObject()) {
            throw new MalformedTemplateException("transactions[" + index + "] is not an object");
        }
        String data = requiredString(tx, "data", where);
        if (data.isEmpty() || data.length() % 2 != 0 || !isHex(data)) {
            throw new MalformedTemplateException(where + "data is not hex");
        }
        String txid = optionalString(tx, "txid");
        String hash = optionalString(tx, "hash");
        if (txid == null) {
            // btcd: "hash" is the txid; the wtxid is the hash of the full serialization.
            if (hash == null) {
                throw new MalformedTemplateException(where + "has neither txid nor hash");
            }
            txid = hash;
            hash = displayHash(doubleSha256(HEX.parseHex(data)));
        } else if (hash == null) {
            hash = txid;
        } else if (hash.equals(txid) && hasWitness(data)) {
            // btcd's entry after BtcdCompat filled in "txid" from "hash": a witness transaction's wtxid always
            // differs from its txid, so compute it.
            hash = displayHash(doubleSha256(HEX.parseHex(data)));
        }
        requireHash(txid, where + "txid");
        requireHash(hash, where + "hash");
        long fee = requiredLong(tx, "fee", where, 0, Long.MAX_VALUE);
        long weight = requiredLong(tx, "weight", where, 0, Integer.MAX_VALUE);
        long sigops = requiredLong(tx, "sigops", where, 0, Integer.MAX_VALUE);
        List<Integer> depends = new ArrayList<>();
        JsonNode dependsNode = tx.get("depends");
        if (dependsNode != null && dependsNode.isArray()) {
            for (JsonNode depend : dependsNode.values()) {
                if (depend.canConvertToInt()) {
                    depends.add(depend.asInt());
                }
            }
        }
        return new TemplateTransaction(data, txid, hash, fee, weight, sigops, depends);
    }

    /** The BIP 144 marker and flag (0x00 0x01) right after the 4-byte version. */
    private static boolean hasWitness(String data) {
        return data.length() > 12 && data.startsWith("0001", 8);
    }

    /** Expands a compact target ({@code bits}) to 64 hex characters, as Core's {@code target} field shows it. */
    static String targetFromBits(String bits) {
        long compact = Long.parseLong(bits, 16);
        int exponent = (int) (compact >>> 24);
        BigInteger mantissa = BigInteger.valueOf(compact & 0x007f_ffffL);
        BigInteger target =
                exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent)) : mantissa.shiftLeft(8 * (exponent - 3));
        String hex = target.toString(16);
        if (hex.length() > 64) {
            throw new MalformedTemplateException("bits " + bits + " encode a target wider than 256 bits");
        }
        return "0".repeat(64 - hex.length()) + hex;
    }

    private static void requireHash(String value, String field) {
        if (value.length() != 64 || !isHex(value)) {
            throw new MalformedTemplateException(field + " must be 64 hex characters");
        }
    }

    private static String requiredString(JsonNode node, String field) {
        return requiredString(node, field, "");
    }

    private static String requiredString(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedTemplateException(where + field + " missing or not a string");
        }
        return value.asString();
    }

    private static @Nullable String optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static long requiredLong(JsonNode node, String field, long min, long max) {
        return requiredLong(node, field, "", min, max);
    }

    private static long requiredLong(JsonNode node, String field, String where, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedTemplateException(where + field + " missing or not an integer");
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw new MalformedTemplateException(where + field + " out of range: " + number);
        }
        return number;
    }

    private static @Nullable Long optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.asLong() : null;
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!HexFormat.isHexDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String value) {
        return value.length() <= 16 ? value : value.substring(0, 16) + "...";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }

    private static byte[] doubleSha256(byte[] data) {
        MessageDigest digest = sha256();
        return digest.digest(digest.digest(data));
    }

    private static String displayHash(byte[] internal) {
        byte[] reversed = new byte[internal.length];
        for (int i = 0; i < internal.length; i++) {
            reversed[i] = internal[internal.length - 1 - i];
        }
        return HEX.formatHex(reversed);
    }
}
