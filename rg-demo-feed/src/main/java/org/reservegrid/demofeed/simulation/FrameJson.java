package org.reservegrid.demofeed.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

/**
 * The wire shape of a frame (docs/feed-protocol.md). The template is kept as pre-serialised JSON so that a stale
 * source can repeat it byte for byte and large templates are serialised once.
 */
@JsonPropertyOrder({"type", "seq", "scenario", "event", "tip", "reorg", "mempool", "template"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record FrameJson(
        String type,
        long seq,
        String scenario,
        String event,
        Tip tip,
        @Nullable Reorg reorg,
        MempoolInfo mempool,
        @JsonRawValue String template) {

    /** The block the template builds on, with the times getblockchaininfo reports. */
    @JsonPropertyOrder({"hash", "height", "time", "mediantime"})
    record Tip(String hash, int height, long time, long mediantime) {}

    /** Present on reorg frames: how many blocks were disconnected and which tip they replaced. */
    @JsonPropertyOrder({"depth", "old_tip"})
    record Reorg(int depth, @JsonProperty("old_tip") String oldTip) {}
}
