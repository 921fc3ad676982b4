package org.reservegrid.feedadapter.rpc;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.reservegrid.feedadapter.upstream.FeedSnapshot;
import org.reservegrid.feedadapter.upstream.FeedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * The bitcoind RPC methods the adapter answers from the latest feed frame, with bitcoind's parameter rules and
 * error codes. Shadow mode: submitblock is accepted, logged and never forwarded.
 */
public final class RpcMethods {
    private static final Logger log = LoggerFactory.getLogger(RpcMethods.class);

    /** Method names served; anything else is "Method not found". Also the metric label set. */
    public static final Set<String> METHODS = Set.of(
            "getblocktemplate",
            "getmempoolinfo",
            "getblockchaininfo",
            "getbestblockhash",
            "getblockcount",
            "submitblock");

    private static final BigDecimal MIN_RELAY_FEE = new BigDecimal("0.00001000");
    private static final String SEGWIT_REQUIRED =
            "getblocktemplate must be called with the segwit rule set (call with {\"rules\": [\"segwit\"]})";

    private final FeedState state;
    private final JsonMapper json;
    private final Duration longpollTimeout;
    private final String chain;
    private final Runnable onSubmitBlock;

    public RpcMethods(
            FeedState state, JsonMapper json, Duration longpollTimeout, String chain, Runnable onSubmitBlock) {
        this.state = state;
        this.json = json;
        this.longpollTimeout = longpollTimeout;
        this.chain = chain;
        this.onSubmitBlock = onSubmitBlock;
    }

    /**
     * Runs one call. {@code params} is an array (positional) or an object (named). Errors come back as
     * {@link RpcException}, either thrown or signalled.
     */
    public Mono<JsonNode> call(String method, JsonNode params) {
        return switch (method) {
            case "getblocktemplate" -> getBlockTemplate(params);
            case "getmempoolinfo" -> Mono.fromSupplier(() -> getMempoolInfo(params));
            case "getblockchaininfo" -> Mono.fromSupplier(() -> getBlockchainInfo(params));
            case "getbestblockhash" ->
                Mono.fromSupplier(() -> {
                    noArguments(method, params);
                    return json.getNodeFactory().stringNode(snapshot().previousBlockHash());
                });
            case "getblockcount" ->
                Mono.fromSupplier(() -> {
                    noArguments(method, params);
                    return json.getNodeFactory().numberNode(snapshot().height() - 1);
                });
            case "submitblock" -> Mono.fromSupplier(() -> submitBlock(params));
            default -> Mono.error(new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found"));
        };
    }

    private Mono<JsonNode> getBlockTemplate(JsonNode params) {
        maxArguments("getblocktemplate", params, 1, "getblocktemplate ( \"template_request\" )");
        JsonNode request = argument(params, 0, "template_request");
        if (request == null || request.isNull()) {
            return Mono.error(new RpcException(RpcException.INVALID_PARAMETER, SEGWIT_REQUIRED));
        }
        if (!request.isObject()) {
            return Mono.error(typeError("template_request", "object", request));
        }
        String mode = request.path("mode").asString("template");
        if (mode.equals("proposal")) {
            return Mono.error(
                    new RpcException(
                            RpcException.INVALID_PARAMETER,
                            "proposal mode is not supported: rg-feed-adapter relays a feed in shadow mode and validates no blocks"));
        }
        if (!mode.equals("template")) {
            return Mono.error(new RpcException(RpcException.INVALID_PARAMETER, "Invalid mode"));
        }
        if (!containsString(request.get("rules"), "segwit")) {
            return Mono.error(new RpcException(RpcException.INVALID_PARAMETER, SEGWIT_REQUIRED));
        }
        FeedSnapshot current = snapshot();
        JsonNode longPollId = request.get("longpollid");
        if (longPollId == null || longPollId.isNull()) {
            return Mono.just(template(current));
        }
        if (!longPollId.isString()) {
            return Mono.error(typeError("longpollid", "string", longPollId));
        }
        if (!longPollId.asString().equals(current.longPollId())) {
            return Mono.just(template(current));
        }
        // Like bitcoind: wait for a different template, and after the wait answer with whatever is current.
        return state.nextWithLongPollIdOtherThan(longPollId.asString())
                .timeout(longpollTimeout, Mono.fromSupplier(this::snapshot))
                .map(this::template);
    }

    private JsonNode template(FeedSnapshot snapshot) {
        return json.getNodeFactory().rawValueNode(new RawValue(snapshot.templateJson()));
    }

    private JsonNode getMempoolInfo(JsonNode params) {
        noArguments("getmempoolinfo", params);
        JsonNode mempool = snapshot().mempool();
        ObjectNode info = json.createObjectNode();
        info.put("loaded", true);
        info.put("size", mempool.path("size").asLong(0));
        info.put("bytes", mempool.path("bytes").asLong(0));
        info.put("usage", mempool.path("usage").asLong(0));
        info.put(
                "total_fee",
                mempool.path("total_fee").isNumber()
                        ? mempool.get("total_fee").decimalValue()
                        : BigDecimal.ZERO.setScale(8));
        info.put("maxmempool", 300_000_000L);
        info.put("mempoolminfee", MIN_RELAY_FEE);
        info.put("minrelaytxfee", MIN_RELAY_FEE);
        info.put("incrementalrelayfee", MIN_RELAY_FEE);
        info.put("unbroadcastcount", 0);
        info.put("fullrbf", true);
        // A feed that knows better (a relay of a real node) overrides the defaults field by field.
        for (Map.Entry<String, JsonNode> field : mempool.properties()) {
            info.set(field.getKey(), field.getValue());
        }
        return info;
    }

    private JsonNode getBlockchainInfo(JsonNode params) {
        noArguments("getblockchaininfo", params);
        FeedSnapshot current = snapshot();
        long tipHeight = current.height() - 1;
        long medianTime = current.tipMedianTime() != null ? current.tipMedianTime() : current.mintime() - 1;
        ObjectNode info = json.createObjectNode();
        info.put("chain", chain);
        info.put("blocks", tipHeight);
        info.put("headers", tipHeight);
        info.put("bestblockhash", current.previousBlockHash());
        info.put("bits", current.bits());
        info.put("target", BlockHeaders.target(current.bits()));
        // A BigDecimal prints as bitcoind does (83126997340024.61), not in Java's exponent form.
        info.put("difficulty", BigDecimal.valueOf(BlockHeaders.difficulty(current.bits())));
        info.put("time", current.tipTime() != null ? current.tipTime() : medianTime);
        info.put("mediantime", medianTime);
        info.put("verificationprogress", 1);
        info.put("initialblockdownload", false);
        info.put("size_on_disk", 0);
        info.put("pruned", false);
        info.putArray("warnings");
        return info;
    }

    private @Nullable JsonNode submitBlock(JsonNode params) {
        maxArguments("submitblock", params, 2, "submitblock \"hexdata\" ( \"dummy\" )");
        JsonNode hexData = argument(params, 0, "hexdata");
        if (hexData == null || hexData.isNull()) {
            throw new RpcException(
                    RpcException.MISC_ERROR, "submitblock \"hexdata\" ( \"dummy\" ): hexdata is required");
        }
        if (!hexData.isString()) {
            throw typeError("hexdata", "string", hexData);
        }
        byte[] block;
        try {
            block = HexFormat.of().parseHex(hexData.asString());
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.DESERIALIZATION_ERROR, "Block decode failed");
        }
        if (block.length < 81) {
            throw new RpcException(RpcException.DESERIALIZATION_ERROR, "Block decode failed");
        }
        onSubmitBlock.run();
        log.info(
                "Shadow mode: submitblock for block {} on {} ({} bytes) accepted and not forwarded",
                BlockHeaders.hash(block),
                BlockHeaders.previousHash(block),
                block.length);
        return null;
    }

    private FeedSnapshot snapshot() {
        FeedSnapshot current = state.usable();
        if (current == null) {
            throw new RpcException(RpcException.NOT_CONNECTED, state.unavailableReason());
        }
        return current;
    }

    private static @Nullable JsonNode argument(JsonNode params, int index, String name) {
        return params.isArray() ? params.get(index) : params.get(name);
    }

    private static void noArguments(String method, JsonNode params) {
        maxArguments(method, params, 0, method);
    }

    private static void maxArguments(String method, JsonNode params, int max, String usage) {
        if (params.size() > max) {
            throw new RpcException(
                    RpcException.MISC_ERROR,
                    method + " takes "
                            + (max == 0 ? "no arguments" : "at most " + max + " argument" + (max > 1 ? "s" : ""))
                            + "; usage: " + usage);
        }
    }

    private static boolean containsString(@Nullable JsonNode array, String wanted) {
        if (array == null || !array.isArray()) {
            return false;
        }
        for (JsonNode element : array) {
            if (element.isString() && element.asString().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static RpcException typeError(String name, String expected, JsonNode actual) {
        return new RpcException(
                RpcException.TYPE_ERROR,
                "JSON value of type " + actual.getNodeType().name().toLowerCase(Locale.ROOT) + " for field " + name
                        + " is not of expected type " + expected);
    }
}
