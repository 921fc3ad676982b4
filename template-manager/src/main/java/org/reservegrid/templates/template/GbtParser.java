package org.reservegrid.templates.template;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.templates.metrics.ErrorKind;
import tools.jackson.databind.JsonNode;

/**
 * The one reading of a getblocktemplate result from Bitcoin Core, bcoin or btcd: into a {@link BlockTemplate}, from
 * which the verifier's proposal is built ({@link BlockTemplate#propose}) and the stream's event is rendered.
 *
 * <p>The rules, each checked once here:
 *
 * <ul>
 *   <li>{@code previousblockhash}: a string of at most 255 printable ASCII characters, passed on as given (whether
 *       it is a well-formed hash is the verifier's policy's call).
 *   <li>{@code bits}: a string of exactly 8 ASCII hex digits.
 *   <li>{@code target}: when the node gives it as a string, 64 ASCII hex digits, passed on as given; otherwise
 *       expanded from {@code bits}. It is not compared with {@code bits}: nothing did so before, and the
 *       gateway's share and block checks use {@code bits}.
 *   <li>txids and wtxids ({@code txid}, {@code hash}): 64 ASCII hex digits, display order.
 *   <li>{@code data}: a non-empty, even number of ASCII hex digits.
 * </ul>
 *
 * <p>A problem with a field the proposal carries (prev hash, version, bits, height, curtime, coinbase value, and per
 * transaction txid, fee, weight and sigops) throws at once with kind {@link ErrorKind#CONVERSION_FAILED}: no
 * proposal can be built. A problem with a field only the stream needs ({@code data}, {@code hash}, {@code target})
 * is kept and reported by {@link Parsed#streamProblem} with kind {@link ErrorKind#MALFORMED_TEMPLATE}: the
 * template can still be judged but a gateway could not build a block from it. Every other field is read
 * tolerantly: absent, null or of another type counts as not given.
 *
 * <p>Transaction ids: Core, bcoin and btcd 0.26 give {@code txid} and {@code hash} (wtxid). Older btcd gives only
 * {@code hash}, which there is the txid; the wtxid is then computed from {@code data} (double SHA-256 of the full
 * serialization), so the stream always carries both. The same happens when {@code txid} equals {@code hash} for a
 * transaction with witness data, which is what such a btcd entry looks like once {@code hash} was copied to
 * {@code txid}.
 */
public final class GbtParser {
    private static final HexFormat HEX = HexFormat.of();
    private static final boolean[] HEX_DIGIT = hexDigits();
    private static final int HASH_HEX_DIGITS = 64;
    private static final int BITS_HEX_DIGITS = 8;
    private static final int MAX_PREV_HASH_LENGTH = 255;
    /** The transaction index that stands for a top-level field. */
    private static final int TOP_LEVEL = -1;

    private GbtParser() {}

    /**
     * What one parse gives.
     *
     * @param template the template; when {@code streamProblem} is set, its stream-only fields named there are
     *     placeholders (an entry's {@code data} empty, its wtxid equal to its txid, the target empty) and it must
     *     not be streamed, but every field of the proposal is as the node gave it
     * @param streamProblem why the template cannot be streamed (kind {@code malformed_template}), or null
     */
    public record Parsed(BlockTemplate template, @Nullable MalformedTemplateException streamProblem) {}

    /**
     * A template that is usable for both the proposal and the stream.
     *
     * @throws MalformedTemplateException of kind {@code template_conversion_failed} when a proposal field is
     *     unusable, {@code malformed_template} when only a stream field is
     */
    public static BlockTemplate parse(JsonNode gbt) {
        Parsed parsed = read(gbt);
        MalformedTemplateException problem = parsed.streamProblem();
        if (problem != null) {
            throw problem;
        }
        return parsed.template();
    }

    /**
     * Reads the template, keeping a problem with a stream-only field instead of throwing it.
     *
     * @throws MalformedTemplateException of kind {@code template_conversion_failed} when a proposal field is
     *     unusable
     */
    public static Parsed read(JsonNode gbt) {
        if (!gbt.isObject()) {
            throw unproposable("template is not a JSON object");
        }
        StreamProblems problems = new StreamProblems();
        String previousBlockHash = requiredString(gbt, "previousblockhash", TOP_LEVEL);
        requirePrintableAscii(previousBlockHash, "previousblockhash");
        long height = requiredLong(gbt, "height", TOP_LEVEL, 0, 0xffff_ffffL);
        long version = requiredLong(gbt, "version", TOP_LEVEL, Integer.MIN_VALUE, 0xffff_ffffL);
        String bits = requiredString(gbt, "bits", TOP_LEVEL);
        if (bits.length() != BITS_HEX_DIGITS || !isHex(bits)) {
            throw unproposable("bits must be 8 hex characters, got '" + clip(bits) + "'");
        }
        long curtime = requiredLong(gbt, "curtime", TOP_LEVEL, 0, Long.MAX_VALUE);
        if (!gbt.hasNonNull("coinbasevalue")) {
            throw unproposable("coinbasevalue missing (coinbasetxn templates are not supported)");
        }
        long coinbaseValue = requiredLong(gbt, "coinbasevalue", TOP_LEVEL, 0, Long.MAX_VALUE);

        JsonNode txs = gbt.get("transactions");
        if (txs == null || !txs.isArray()) {
            throw unproposable("transactions missing or not an array");
        }
        List<TemplateTransaction> transactions = new ArrayList<>(txs.size());
        long totalFees = 0;
        long totalWeight = 0;
        long totalSigops = 0;
        int index = 0;
        for (JsonNode tx : txs.values()) {
            TemplateTransaction transaction = transaction(tx, index++, problems);
            transactions.add(transaction);
            totalFees += transaction.fee();
            totalWeight += transaction.weight();
            totalSigops += transaction.sigops();
        }

        String target = optionalString(gbt, "target");
        if (target == null) {
            target = targetFromBits(bits, problems);
        } else if (!isHash(target)) {
            problems.add("target must be 64 hex characters");
            target = "";
        }
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
        BlockTemplate template = new BlockTemplate(
                previousBlockHash,
                height,
                version,
                bits,
                target,
                curtime,
                optionalLong(gbt, "mintime"),
                coinbaseValue,
                WitnessCommitment.of(optionalString(gbt, "default_witness_commitment")),
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
        return new Parsed(template, problems.first);
    }

    private static TemplateTransaction transaction(JsonNode tx, int index, StreamProblems problems) {
        if (!tx.isObject()) {
            throw unproposable("transactions[" + index + "] is not an object");
        }
        JsonNode txidNode = tx.get("txid");
        String hash = optionalString(tx, "hash");
        // btcd before 0.26 has no "txid" field: its "hash" is the txid. A txid that is there but null or not a
        // string is refused rather than replaced, since Core's "hash" is the wtxid.
        boolean txidFromHash = txidNode == null;
        String txid;
        if (txidFromHash) {
            if (hash == null) {
                throw unproposable("transactions[" + index + "] has neither txid nor hash");
            }
            txid = hash;
        } else {
            txid = txidNode.isString() ? txidNode.asString() : "";
        }
        if (!isHash(txid)) {
            throw unproposable(path(index, "txid") + " must be 64 hex characters");
        }
        long fee = requiredLong(tx, "fee", index, 0, Long.MAX_VALUE);
        long weight = requiredLong(tx, "weight", index, 0, Integer.MAX_VALUE);
        long sigops = requiredLong(tx, "sigops", index, 0, Integer.MAX_VALUE);

        String data = optionalString(tx, "data");
        if (data == null) {
            problems.add(path(index, "data") + " missing or not a string");
            data = "";
        } else if (data.isEmpty() || data.length() % 2 != 0 || !isHex(data)) {
            problems.add(path(index, "data") + " is not hex");
            data = "";
        }
        String wtxid;
        if (txidFromHash || (txid.equals(hash) && hasWitness(data))) {
            // The wtxid is the hash of the full serialization; a witness transaction's always differs from its txid.
            wtxid = data.isEmpty() ? txid : DisplayHex.format(DoubleSha256.hash(HEX.parseHex(data)));
        } else if (hash == null) {
            wtxid = txid;
        } else if (isHash(hash)) {
            wtxid = hash;
        } else {
            problems.add(path(index, "hash") + " must be 64 hex characters");
            wtxid = txid;
        }

        List<Integer> depends = new ArrayList<>();
        JsonNode dependsNode = tx.get("depends");
        if (dependsNode != null && dependsNode.isArray()) {
            for (JsonNode depend : dependsNode.values()) {
                if (depend.canConvertToInt()) {
                    depends.add(depend.asInt());
                }
            }
        }
        return new TemplateTransaction(data, txid, wtxid, fee, weight, sigops, depends);
    }

    /** The BIP 144 marker and flag (0x00 0x01) right after the 4-byte version. */
    private static boolean hasWitness(String data) {
        return data.length() > 12 && data.startsWith("0001", 8);
    }

    /** Expands a compact target ({@code bits}) to 64 hex characters, as Core's {@code target} field shows it. */
    private static String targetFromBits(String bits, StreamProblems problems) {
        long compact = Long.parseLong(bits, 16);
        int exponent = (int) (compact >>> 24);
        BigInteger mantissa = BigInteger.valueOf(compact & 0x007f_ffffL);
        BigInteger target =
                exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent)) : mantissa.shiftLeft(8 * (exponent - 3));
        String hex = target.toString(16);
        if (hex.length() > HASH_HEX_DIGITS) {
            problems.add("bits " + bits + " encode a target wider than 256 bits");
            return "";
        }
        return "0".repeat(HASH_HEX_DIGITS - hex.length()) + hex;
    }

    /** 64 ASCII hex digits: a txid, wtxid or target as getblocktemplate prints them. */
    static boolean isHash(String value) {
        return value.length() == HASH_HEX_DIGITS && isHex(value);
    }

    /**
     * ASCII hex digits only (either case); {@link Character#digit} would also take other scripts' digits. Checked on
     * the string's Latin-1 bytes, which the JDK copies without decoding (five times faster than {@code charAt} on a
     * 2 MB template's data); a character beyond Latin-1 becomes {@code '?'} there, which is not a hex digit.
     */
    static boolean isHex(String value) {
        for (byte b : value.getBytes(StandardCharsets.ISO_8859_1)) {
            if (!HEX_DIGIT[b & 0xff]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] hexDigits() {
        boolean[] digits = new boolean[256];
        for (char c = 0; c < digits.length; c++) {
            digits[c] = HexFormat.isHexDigit(c);
        }
        return digits;
    }

    /** The proposal carries the previous block hash as short printable ASCII text. */
    private static void requirePrintableAscii(String value, String field) {
        if (value.length() > MAX_PREV_HASH_LENGTH) {
            throw unproposable(field + " must be at most 255 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw unproposable(field + " must be printable ASCII");
            }
        }
    }

    private static String requiredString(JsonNode node, String field, int index) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw unproposable(path(index, field) + " missing or not a string");
        }
        return value.asString();
    }

    private static @Nullable String optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static long requiredLong(JsonNode node, String field, int index, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw unproposable(path(index, field) + " missing or not an integer");
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw unproposable(path(index, field) + " out of range: " + number);
        }
        return number;
    }

    private static @Nullable Long optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.asLong() : null;
    }

    /** The field's JSON path for a message, built only when there is something to report. */
    private static String path(int transactionIndex, String field) {
        return transactionIndex == TOP_LEVEL ? field : "transactions[" + transactionIndex + "]." + field;
    }

    private static MalformedTemplateException unproposable(String message) {
        return new MalformedTemplateException(ErrorKind.CONVERSION_FAILED, message);
    }

    private static String clip(String value) {
        return value.length() <= 16 ? value : value.substring(0, 16) + "...";
    }

    /** The first stream-only problem; later ones are not reported (the first already keeps it off the stream). */
    private static final class StreamProblems {
        private @Nullable MalformedTemplateException first;

        void add(String message) {
            if (first == null) {
                first = new MalformedTemplateException(ErrorKind.MALFORMED_TEMPLATE, message);
            }
        }
    }
}
