package org.reservegrid.demofeed.simulation;

/** Why a frame was sent; the {@code event} field of every frame. */
public enum FrameEvent {
    /** A refreshed template on the same tip (new transactions, new time). */
    TEMPLATE("template"),
    /** A block connected: new previousblockhash, height one higher. */
    BLOCK("block"),
    /** The tip was replaced by a competing branch. */
    REORG("reorg"),
    /** The source is stuck: the previous template is repeated unchanged while it ages. */
    STALE("stale");

    private final String id;

    FrameEvent(String id) {
        this.id = id;
    }

    /** The value written to the frame. */
    public String id() {
        return id;
    }
}
