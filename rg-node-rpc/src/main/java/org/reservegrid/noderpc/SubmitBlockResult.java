package org.reservegrid.noderpc;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The node's verdict on a submitted block, normalised across implementations: Bitcoin Core answers null or a BIP 22
 * reason ({@code duplicate}, {@code inconclusive}, {@code high-hash}, ...), bcoin and btcd answer null or
 * {@code "rejected: <reason>"}, and malformed blocks come back as JSON-RPC errors.
 *
 * @param reason the node's reason for anything but acceptance (BIP 22 string or the node's message)
 * @param nodeAnswer the node's answer verbatim (sanitised), null when it answered JSON null
 */
public record SubmitBlockResult(
        Status status, @Nullable String reason, @Nullable String nodeAnswer) {

    public enum Status {
        /** The node accepted the block (answer null). */
        ACCEPTED("accepted"),
        /** The node already has this block and it is valid. */
        DUPLICATE("duplicate"),
        /** Valid so far but not (yet) on the best chain, or not fully checked. */
        INCONCLUSIVE("inconclusive"),
        /** Invalid, or known invalid. */
        REJECTED("rejected");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }

    public static SubmitBlockResult fromAnswer(@Nullable JsonNode result) {
        if (result == null || result.isNull() || result.isMissingNode()) {
            return new SubmitBlockResult(Status.ACCEPTED, null, null);
        }
        if (!result.isString()) {
            String answer = NodeRpcClient.printable(result.toString());
            return new SubmitBlockResult(Status.REJECTED, "unexpected answer " + answer, answer);
        }
        String answer = NodeRpcClient.printable(result.asString().trim());
        return classify(answer);
    }

    /** A JSON-RPC error (for example -22 "Block decode failed") is the node refusing the block. */
    public static SubmitBlockResult fromRpcError(NodeRpcException error) {
        String message = error.getMessage() == null ? "rpc error" : error.getMessage();
        int at = message.indexOf("RPC error ");
        String reason = at < 0 ? message : message.substring(at + "RPC error ".length());
        return new SubmitBlockResult(Status.REJECTED, reason, null);
    }

    private static SubmitBlockResult classify(String answer) {
        String lower = answer.toLowerCase(Locale.ROOT);
        if (lower.isEmpty()) {
            return new SubmitBlockResult(Status.ACCEPTED, null, answer);
        }
        return switch (lower) {
            case "duplicate" -> new SubmitBlockResult(Status.DUPLICATE, "duplicate", answer);
            case "inconclusive", "duplicate-inconclusive" -> new SubmitBlockResult(Status.INCONCLUSIVE, lower, answer);
            case "rejected" -> new SubmitBlockResult(Status.REJECTED, "rejected", answer);
            default -> {
                if (lower.startsWith("rejected:")) {
                    String reason = answer.substring("rejected:".length()).trim();
                    // A block the node already has: btcd says "rejected: already have block <hash>", bcoin puts
                    // its VerifyError reason after the same prefix ("rejected: duplicate").
                    String lowerReason = reason.toLowerCase(Locale.ROOT);
                    Status status = lowerReason.startsWith("already have block") || lowerReason.equals("duplicate")
                            ? Status.DUPLICATE
                            : Status.REJECTED;
                    yield new SubmitBlockResult(status, reason, answer);
                }
                yield new SubmitBlockResult(Status.REJECTED, answer, answer);
            }
        };
    }
}
