package org.reservegrid.protocol.gbt;

import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns a Bitcoin Core {@code getblocktemplate} result into a {@link TemplatePropose}.
 *
 * <p>Fields read: {@code previousblockhash}, {@code version}, {@code bits} (8 hex digits), {@code height},
 * {@code curtime}, {@code coinbasevalue} and, per entry of {@code transactions}, {@code txid} (display-order
 * hex, stored in internal byte order), {@code fee}, {@code weight} and {@code sigops} (BIP 145 sigop cost). Every
 * other field, notably the raw transaction {@code data}, is skipped without being materialized. The previous
 * block hash is passed on as text: whether it is a well-formed hash is the policy's call, not the converter's.
 *
 * <p>Raw bytes are parsed token by token without building a tree (the fastest path for large templates); a parsed
 * {@link JsonNode} is walked directly. Both apply the same checks. Thread-safe and stateless.
 */
public final class GbtConverter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int TXID_BYTES = 32;
    private static final int EXPECTED_TRANSACTIONS = 256;

    private GbtConverter() {}

    /**
     * Converts a parsed getblocktemplate result.
     *
     * @param protocolVersion the template protocol version to stamp on the proposal
     * @param coinbaseSigops sigops cost of the coinbase the pool will add (not part of a GBT result)
     * @throws GbtConversionException for a missing or invalid field
     */
    public static TemplatePropose toPropose(JsonNode gbt, long requestId, int protocolVersion, long coinbaseSigops) {
        checkArguments(protocolVersion, coinbaseSigops);
        if (!gbt.isObject()) {
            throw GbtConversionException.malformed("the top level must be a JSON object");
        }
        String prevHash = printableAscii(required(gbt, "previousblockhash"), "previousblockhash");
        long version = integer(required(gbt, "version"), "version", Integer.MIN_VALUE, 0xffff_ffffL);
        int bits = bits(required(gbt, "bits"), "bits");
        long height = integer(required(gbt, "height"), "height", 0, 0xffff_ffffL);
        long curtime = integer(required(gbt, "curtime"), "curtime", 0, Long.MAX_VALUE);
        long coinbaseValue = integer(required(gbt, "coinbasevalue"), "coinbasevalue", 0, Long.MAX_VALUE);
        JsonNode transactions = required(gbt, "transactions");
        if (!transactions.isArray()) {
            throw GbtConversionException.invalid("transactions", "must be an array");
        }
        TransactionTable.Builder table = TransactionTable.builder(transactions.size());
        byte[] txid = new byte[TXID_BYTES];
        for (int i = 0; i < transactions.size(); i++) {
            JsonNode tx = transactions.get(i);
            if (!tx.isObject()) {
                throw GbtConversionException.invalid("transactions[" + i + "]", "must be an object");
            }
            JsonNode txidNode = required(tx, "txid", i);
            String txidText = txidNode.isString() ? txidNode.stringValue() : "";
            if (txidText.length() != 2 * TXID_BYTES || !decodeTxid(txidText.toCharArray(), 0, txid)) {
                throw GbtConversionException.invalid(txField(i, "txid"), "must be 64 hex digits");
            }
            long fee = integer(required(tx, "fee", i), txField(i, "fee"), 0, Long.MAX_VALUE);
            long weight = integer(required(tx, "weight", i), txField(i, "weight"), 0, Integer.MAX_VALUE);
            long sigops = integer(required(tx, "sigops", i), txField(i, "sigops"), 0, Integer.MAX_VALUE);
            table.add(txid, fee, (int) weight, (int) sigops);
        }
        return new TemplatePropose(
                requestId,
                protocolVersion,
                prevHash,
                (int) version,
                bits,
                height,
                curtime,
                coinbaseValue,
                coinbaseSigops,
                table.build());
    }

    private static JsonNode required(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw GbtConversionException.missing(field);
        }
        return value;
    }

    private static JsonNode required(JsonNode transaction, String field, int index) {
        JsonNode value = transaction.get(field);
        if (value == null || value.isNull()) {
            throw GbtConversionException.missing(txField(index, field));
        }
        return value;
    }

    private static long integer(JsonNode node, String field, long min, long max) {
        if (!node.isIntegralNumber()) {
            throw GbtConversionException.invalid(field, "must be an integer");
        }
        if (!node.canConvertToLong()) {
            throw GbtConversionException.invalid(field, "must be between " + min + " and " + max);
        }
        return inRange(node.longValue(), field, min, max);
    }

    private static int bits(JsonNode node, String field) {
        if (!node.isString()) {
            throw GbtConversionException.invalid(field, "must be a string of 8 hex digits");
        }
        return parseBits(node.stringValue(), field);
    }

    private static String printableAscii(JsonNode node, String field) {
        if (!node.isString()) {
            throw GbtConversionException.invalid(field, "must be a string");
        }
        return checkPrintableAscii(node.stringValue(), field);
    }

    private static void checkArguments(int protocolVersion, long coinbaseSigops) {
        if (protocolVersion < 0 || protocolVersion > 0xffff) {
            throw new IllegalArgumentException("protocolVersion must fit in 16 bits: " + protocolVersion);
        }
        if (coinbaseSigops < 0 || coinbaseSigops > 0xffff_ffffL) {
            throw new IllegalArgumentException("coinbaseSigops must fit in 32 unsigned bits: " + coinbaseSigops);
        }
    }

    /**
     * Converts getblocktemplate JSON without building a tree; the fastest path for large templates.
     *
     * @throws GbtConversionException for malformed JSON or a missing or invalid field
     */
    public static TemplatePropose toPropose(byte[] json, long requestId, int protocolVersion, long coinbaseSigops) {
        // The parser detects the encoding when it is created, so bytes that are no JSON encoding fail here already.
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            return read(parser, requestId, protocolVersion, coinbaseSigops);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    private static TemplatePropose read(JsonParser parser, long requestId, int protocolVersion, long coinbaseSigops) {
        checkArguments(protocolVersion, coinbaseSigops);
        try {
            Fields fields = readTemplate(parser);
            return new TemplatePropose(
                    requestId,
                    protocolVersion,
                    fields.require(fields.previousBlockHash, "previousblockhash"),
                    (int) fields.require(fields.version, "version").longValue(),
                    fields.require(fields.bits, "bits"),
                    fields.require(fields.height, "height"),
                    fields.require(fields.curtime, "curtime"),
                    fields.require(fields.coinbaseValue, "coinbasevalue"),
                    coinbaseSigops,
                    fields.require(fields.transactions, "transactions"));
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    private static GbtConversionException malformed(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return GbtConversionException.malformed(e.getOriginalMessage() + where);
    }

    private static Fields readTemplate(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw GbtConversionException.malformed("the top level must be a JSON object");
        }
        Fields fields = new Fields();
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "previousblockhash" -> fields.previousBlockHash = readPrintableAscii(parser, name);
                case "version" -> fields.version = readLong(parser, name, Integer.MIN_VALUE, 0xffff_ffffL);
                case "bits" -> fields.bits = readBits(parser, name);
                case "height" -> fields.height = readLong(parser, name, 0, 0xffff_ffffL);
                case "curtime" -> fields.curtime = readLong(parser, name, 0, Long.MAX_VALUE);
                case "coinbasevalue" -> fields.coinbaseValue = readLong(parser, name, 0, Long.MAX_VALUE);
                case "transactions" -> fields.transactions = readTransactions(parser);
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw GbtConversionException.malformed("trailing content after the top-level object");
        }
        return fields;
    }

    private static TransactionTable readTransactions(JsonParser parser) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw GbtConversionException.invalid("transactions", "must be an array");
        }
        TransactionTable.Builder table = TransactionTable.builder(EXPECTED_TRANSACTIONS);
        byte[] txid = new byte[TXID_BYTES];
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                throw GbtConversionException.invalid("transactions[" + index + "]", "must be an object");
            }
            readTransaction(parser, index, txid, table);
            index++;
        }
        return table.build();
    }

    private static void readTransaction(JsonParser parser, int index, byte[] txid, TransactionTable.Builder table) {
        boolean haveTxid = false;
        long fee = -1;
        long weight = -1;
        long sigops = -1;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "txid" -> {
                    readTxid(parser, index, txid);
                    haveTxid = true;
                }
                case "fee" -> fee = readLong(parser, txField(index, name), 0, Long.MAX_VALUE);
                case "weight" -> weight = readLong(parser, txField(index, name), 0, Integer.MAX_VALUE);
                case "sigops" -> sigops = readLong(parser, txField(index, name), 0, Integer.MAX_VALUE);
                default -> parser.skipChildren();
            }
        }
        if (!haveTxid) {
            throw GbtConversionException.missing(txField(index, "txid"));
        }
        if (fee < 0) {
            throw GbtConversionException.missing(txField(index, "fee"));
        }
        if (weight < 0) {
            throw GbtConversionException.missing(txField(index, "weight"));
        }
        if (sigops < 0) {
            throw GbtConversionException.missing(txField(index, "sigops"));
        }
        table.add(txid, fee, (int) weight, (int) sigops);
    }

    private static String txField(int index, String name) {
        return "transactions[" + index + "]." + name;
    }

    /** Decodes 64 display-order hex digits into {@code out} in internal byte order (reversed). */
    private static void readTxid(JsonParser parser, int index, byte[] out) {
        if (parser.currentToken() != JsonToken.VALUE_STRING || parser.getStringLength() != 2 * TXID_BYTES) {
            throw GbtConversionException.invalid(txField(index, "txid"), "must be 64 hex digits");
        }
        if (!decodeTxid(parser.getStringCharacters(), parser.getStringOffset(), out)) {
            throw GbtConversionException.invalid(txField(index, "txid"), "must be 64 hex digits");
        }
    }

    /** Decodes 64 display-order hex digits at {@code offset} into {@code out}, reversed; false on a non-hex digit. */
    private static boolean decodeTxid(char[] chars, int offset, byte[] out) {
        for (int i = 0; i < TXID_BYTES; i++) {
            int high = Character.digit(chars[offset + 2 * i], 16);
            int low = Character.digit(chars[offset + 2 * i + 1], 16);
            if (high < 0 || low < 0) {
                return false;
            }
            out[TXID_BYTES - 1 - i] = (byte) (high << 4 | low);
        }
        return true;
    }

    private static long readLong(JsonParser parser, String field, long min, long max) {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw GbtConversionException.invalid(field, "must be an integer");
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw GbtConversionException.invalid(field, "must be between " + min + " and " + max);
        }
        return inRange(parser.getLongValue(), field, min, max);
    }

    private static long inRange(long value, String field, long min, long max) {
        if (value < min || value > max) {
            throw GbtConversionException.invalid(field, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static int readBits(JsonParser parser, String field) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw GbtConversionException.invalid(field, "must be a string of 8 hex digits");
        }
        return parseBits(parser.getString(), field);
    }

    private static int parseBits(String text, String field) {
        if (text.length() != 8) {
            throw GbtConversionException.invalid(field, "must be 8 hex digits");
        }
        try {
            return Integer.parseUnsignedInt(text, 16);
        } catch (NumberFormatException e) {
            throw GbtConversionException.invalid(field, "must be 8 hex digits");
        }
    }

    private static String readPrintableAscii(JsonParser parser, String field) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw GbtConversionException.invalid(field, "must be a string");
        }
        return checkPrintableAscii(parser.getString(), field);
    }

    private static String checkPrintableAscii(String text, String field) {
        if (text.length() > 255) {
            throw GbtConversionException.invalid(field, "must be at most 255 characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw GbtConversionException.invalid(field, "must be printable ASCII");
            }
        }
        return text;
    }

    /** The top-level values seen so far; null until read. */
    private static final class Fields {
        private @Nullable String previousBlockHash;
        private @Nullable Long version;
        private @Nullable Integer bits;
        private @Nullable Long height;
        private @Nullable Long curtime;
        private @Nullable Long coinbaseValue;
        private @Nullable TransactionTable transactions;

        <T> T require(@Nullable T value, String field) {
            if (value == null) {
                throw GbtConversionException.missing(field);
            }
            return value;
        }
    }
}
