package org.reservegrid.gateway.template;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.sv2.binary.U256;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses the {@code template} and {@code verdict} events of template-manager's stream (snake_case JSON, one object
 * per event). Anything malformed is a {@link MalformedEventException} naming the field, never a partial template.
 */
public final class TemplateEvents {
    private static final HexFormat HEX = HexFormat.of();

    private final JsonMapper mapper;

    public TemplateEvents(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Thrown for an event the gateway cannot use; the stream goes on. */
    public static final class MalformedEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedEventException(String message) {
            super(message, null, false, false);
        }
    }

    public StreamTemplate template(String json, long receivedAtNanos) {
        JsonNode root = tree(json);
        long sequence = number(root, "sequence");
        long height = number(root, "height");
        if (height < 1 || height > 0x7fff_ffffL) {
            throw new MalformedEventException("height " + height + " is out of range");
        }
        U256 prevHash = U256.of(DisplayHex.reversed(hex(root, "prev_hash", 32)));
        long version = number(root, "version");
        long nbits = nbits(text(root, "bits"));
        long curtime = number(root, "curtime");
        long coinbaseValue = number(root, "coinbase_value");
        if (version > 0xffff_ffffL || curtime > 0xffff_ffffL) {
            throw new MalformedEventException("version or curtime exceeds 32 bits");
        }
        byte[] commitment = commitment(root.get("default_witness_commitment"));
        JsonNode txs = root.get("transactions");
        if (txs == null || !txs.isArray()) {
            throw new MalformedEventException("transactions must be an array");
        }
        List<StreamTemplate.Transaction> transactions = new ArrayList<>(txs.size());
        for (JsonNode tx : txs) {
            byte[] data = hex(tx, "data", -1);
            byte[] txid = DisplayHex.reversed(hex(tx, "txid", 32));
            JsonNode hashNode = tx.get("hash");
            byte[] wtxid = hashNode == null || hashNode.isNull() ? txid : DisplayHex.reversed(hex(tx, "hash", 32));
            transactions.add(new StreamTemplate.Transaction(data, txid, wtxid));
        }
        return new StreamTemplate(
                sequence,
                height,
                prevHash,
                version,
                nbits,
                curtime,
                coinbaseValue,
                commitment,
                transactions,
                receivedAtNanos);
    }

    public TemplateVerdict verdict(String json) {
        JsonNode root = tree(json);
        long sequence = number(root, "sequence");
        String outcome = text(root, "outcome");
        JsonNode reason = root.get("reason_code");
        return new TemplateVerdict(sequence, outcome, reason == null || reason.isNull() ? null : reason.asString());
    }

    private JsonNode tree(String json) {
        try {
            JsonNode root = mapper.readTree(json);
            if (root == null || !root.isObject()) {
                throw new MalformedEventException("event data is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new MalformedEventException("event data is not valid JSON");
        }
    }

    /** The given commitment: prefer the verbatim value (script or bare hash), else the derived script. */
    private static byte @Nullable [] commitment(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        for (String field : List.of("given", "script")) {
            JsonNode value = node.get(field);
            if (value != null && value.isString() && !value.asString().isEmpty()) {
                try {
                    byte[] bytes = HEX.parseHex(value.asString());
                    if (bytes.length == 32 || bytes.length == 38) {
                        return bytes;
                    }
                } catch (IllegalArgumentException e) {
                    // Unrecognised: fall through to the next field, or compute it from the wtxids.
                }
            }
        }
        return null;
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new MalformedEventException(field + " must be a non-negative integer");
        }
        return value.asLong();
    }

    private static long nbits(String bits) {
        if (bits.length() != 8 || !bits.chars().allMatch(HexFormat::isHexDigit)) {
            throw new MalformedEventException("bits must be 8 hex characters");
        }
        return Long.parseLong(bits, 16);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedEventException(field + " must be a string");
        }
        return value.asString();
    }

    private static byte[] hex(JsonNode node, String field, int length) {
        String text = text(node, field);
        byte[] bytes;
        try {
            bytes = HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(field + " is not hex");
        }
        if (length >= 0 && bytes.length != length) {
            throw new MalformedEventException(field + " must be " + length + " bytes");
        }
        if (length < 0 && bytes.length == 0) {
            throw new MalformedEventException(field + " is empty");
        }
        return bytes;
    }
}
