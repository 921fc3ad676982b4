package org.reservegrid.demofeed.simulation;

import java.time.Duration;

/**
 * One frame ready to send.
 *
 * @param seq position in the stream, from 1
 * @param offset simulated time since the first frame, which is also when it is due
 * @param event why it was sent
 * @param json the complete frame, UTF-8 JSON
 * @param summary key figures of its template, for logs, metrics and tests
 */
public record SimulatedFrame(long seq, Duration offset, FrameEvent event, byte[] json, Summary summary) {

    /** Key figures of a frame's template. */
    public record Summary(int height, String previousBlockHash, int transactionCount) {}
}
