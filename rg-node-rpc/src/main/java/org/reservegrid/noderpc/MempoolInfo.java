package org.reservegrid.noderpc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A {@code getmempoolinfo} answer reduced to what the verifier's fee tiers and the dashboard use. btcd reports only
 * {@code size} and {@code bytes}; {@code usage} and {@code total_fee} are null when the node does not report them.
 *
 * @param size transaction count
 * @param bytes sum of the transactions' virtual sizes (Core, bcoin) or serialized sizes (btcd)
 * @param usage the node's memory use for the mempool, bytes
 * @param totalFeeSats sum of fees in satoshis (Core reports BTC; converted here)
 * @param fetchedAtMillis unix milliseconds when the node answered
 */
public record MempoolInfo(
        long size,
        long bytes,
        @Nullable Long usage,
        @Nullable Long totalFeeSats,
        long fetchedAtMillis) {

    public static MempoolInfo fromRpc(JsonNode result, long fetchedAtMillis) {
        if (!result.isObject()) {
            throw new NodeRpcException(NodeErrorKind.MALFORMED_RESPONSE, "getmempoolinfo: result is not an object");
        }
        return new MempoolInfo(
                requiredCount(result, "size"),
                requiredCount(result, "bytes"),
                optionalCount(result, "usage"),
                totalFeeSats(result.get("total_fee")),
                fetchedAtMillis);
    }

    private static long requiredCount(JsonNode result, String field) {
        Long value = optionalCount(result, field);
        if (value == null) {
            throw new NodeRpcException(
                    NodeErrorKind.MALFORMED_RESPONSE, "getmempoolinfo: " + field + " missing or not a count");
        }
        return value;
    }

    private static @Nullable Long optionalCount(JsonNode result, String field) {
        JsonNode node = result.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            return null;
        }
        return node.asLong();
    }

    private static @Nullable Long totalFeeSats(@Nullable JsonNode totalFee) {
        if (totalFee == null || !totalFee.isNumber()) {
            return null;
        }
        BigDecimal btc = totalFee.decimalValue();
        if (btc.signum() < 0 || btc.compareTo(BigDecimal.valueOf(21_000_000L)) > 0) {
            return null;
        }
        return btc.movePointRight(8).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
