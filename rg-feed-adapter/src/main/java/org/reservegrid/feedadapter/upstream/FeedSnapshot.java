package org.reservegrid.feedadapter.upstream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The latest frame from the feed, reduced to what the JSON-RPC methods need. The template is kept as serialised
 * JSON so that each getblocktemplate reply copies it instead of re-serialising thousands of transactions.
 *
 * @param seq the frame's sequence number
 * @param templateJson the getblocktemplate result, serialised once
 * @param longPollId the template's longpollid (synthesised from the previous block hash and seq when absent)
 * @param previousBlockHash hash of the tip the template builds on
 * @param height height of the template; the tip is one lower
 * @param bits compact target
 * @param curtime the template's current time
 * @param mintime the template's minimum time (median time past plus one)
 * @param tipTime time of the tip block when the frame says so
 * @param tipMedianTime median time past of the tip when the frame says so
 * @param mempool the frame's getmempoolinfo-style summary, or one estimated from the template when the frame has
 *     none
 * @param receivedAtNanos {@link System#nanoTime()} at arrival
 */
public record FeedSnapshot(
        long seq,
        String templateJson,
        String longPollId,
        String previousBlockHash,
        long height,
        String bits,
        long curtime,
        long mintime,
        @Nullable Long tipTime,
        @Nullable Long tipMedianTime,
        JsonNode mempool,
        long receivedAtNanos) {}
