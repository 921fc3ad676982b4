package org.reservegrid.feedadapter.upstream;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates feed frames (docs/feed-protocol.md) and turns them into {@link FeedSnapshot}s. Only the fields the
 * adapter serves are required; everything else in the template passes through untouched.
 */
public final class FrameParser {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BITS = Pattern.compile("[0-9a-f]{8}");

    private final JsonMapper json;

    public FrameParser(JsonMapper json) {
        this.json = json;
    }

    public FeedSnapshot parse(String text, long receivedAtNanos) throws InvalidFrameException {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidFrameException("frame is not valid JSON");
        }
        if (frame == null || !frame.isObject()) {
            throw new InvalidFrameException("frame is not a JSON object");
        }
        if (!"gbt".equals(frame.path("type").asString(""))) {
            throw new InvalidFrameException("frame type is not \"gbt\"");
        }
        JsonNode seqNode = frame.path("seq");
        if (!seqNode.canConvertToLong() || !seqNode.isIntegralNumber()) {
            throw new InvalidFrameException("frame seq is not an integer");
        }
        if (!(frame.get("template") instanceof ObjectNode template)) {
            throw new InvalidFrameException("frame has no template object");
        }
        String previous = requireMatch(template, "previousblockhash", HASH);
        String bits = requireMatch(template, "bits", BITS);
        long height = requireLong(template, "height");
        if (height < 1) {
            throw new InvalidFrameException("template height must be positive");
        }
        long curtime = requireLong(template, "curtime");
        long mintime = template.has("mintime") ? requireLong(template, "mintime") : curtime;
        if (!template.path("transactions").isArray()) {
            throw new InvalidFrameException("template transactions is not an array");
        }
        long seq = seqNode.asLong();
        JsonNode longPollNode = template.get("longpollid");
        String longPollId;
        if (longPollNode == null || longPollNode.isNull()) {
            longPollId = previous + seq;
            template.put("longpollid", longPollId);
        } else if (longPollNode.isString()) {
            longPollId = longPollNode.asString();
        } else {
            throw new InvalidFrameException("template longpollid is not a string");
        }
        JsonNode tip = frame.path("tip");
        JsonNode mempool = frame.get("mempool");
        if (mempool == null || !mempool.isObject()) {
            mempool = mempoolFromTemplate(template);
        }
        return new FeedSnapshot(
                seq,
                json.writeValueAsString(template),
                longPollId,
                previous,
                height,
                bits,
                curtime,
                mintime,
                optionalLong(tip.path("time")),
                optionalLong(tip.path("mediantime")),
                mempool,
                receivedAtNanos);
    }

    /**
     * A feed that relays a bare getblocktemplate result sends no mempool summary; the template's own transactions
     * are the best estimate then.
     */
    private ObjectNode mempoolFromTemplate(JsonNode template) {
        long size = 0;
        long vbytes = 0;
        long fees = 0;
        for (JsonNode tx : template.get("transactions")) {
            size++;
            vbytes += (tx.path("weight").asLong(0) + 3) / 4;
            fees += tx.path("fee").asLong(0);
        }
        ObjectNode mempool = json.createObjectNode();
        mempool.put("size", size);
        mempool.put("bytes", vbytes);
        mempool.put("total_fee", BigDecimal.valueOf(fees, 8));
        return mempool;
    }

    private static String requireMatch(JsonNode template, String field, Pattern pattern) throws InvalidFrameException {
        JsonNode node = template.get(field);
        if (node == null
                || !node.isString()
                || !pattern.matcher(node.asString()).matches()) {
            throw new InvalidFrameException("template " + field + " is missing or malformed");
        }
        return node.asString();
    }

    /** An optional tip field: absent, not an integer or beyond a long all read as not given. */
    private static @Nullable Long optionalLong(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : null;
    }

    private static long requireLong(JsonNode template, String field) throws InvalidFrameException {
        JsonNode node = template.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidFrameException("template " + field + " is missing or not an integer");
        }
        return node.asLong();
    }
}
