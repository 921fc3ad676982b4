package org.reservegrid.demofeed.simulation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.reservegrid.bitcoin.DisplayHex;

/** The simulated best chain: the last few block headers, enough for the tip and the median time past. */
final class Chain {
    /** Bitcoin Core's median-time-past window. */
    private static final int MEDIAN_TIME_SPAN = 11;

    /** A block as the template source sees it. */
    record Block(String hash, int height, long time) {}

    private final Deque<Block> recent = new ArrayDeque<>();
    private final SplittableRandom random;

    /**
     * Starts with {@code MEDIAN_TIME_SPAN} blocks ending at {@code tipHeight}, spaced one block interval apart and
     * ending shortly before {@code startTime}.
     */
    Chain(SplittableRandom random, int tipHeight, long startTime, long blockIntervalSeconds) {
        this.random = random;
        long time = startTime - (long) (random.nextDouble() * blockIntervalSeconds) - 1;
        List<Block> history = new ArrayList<>();
        for (int i = 0; i < MEDIAN_TIME_SPAN; i++) {
            history.add(0, new Block(newBlockHash(), tipHeight - i, time));
            time -= Math.max(1, blockIntervalSeconds);
        }
        recent.addAll(history);
    }

    Block tip() {
        return recent.getLast();
    }

    /** Median of the last eleven block times, as consensus and getblocktemplate's mintime use it. */
    long medianTimePast() {
        List<Long> times = new ArrayList<>(MEDIAN_TIME_SPAN);
        Iterator<Block> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext() && times.size() < MEDIAN_TIME_SPAN) {
            times.add(newestFirst.next().time());
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    /** Connects a new block on the tip; its time is at least the median time past plus one. */
    Block extend(long time) {
        Block block = new Block(newBlockHash(), tip().height() + 1, Math.max(time, medianTimePast() + 1));
        recent.addLast(block);
        while (recent.size() > MEDIAN_TIME_SPAN + 4) {
            recent.removeFirst();
        }
        return block;
    }

    /** Disconnects the tip, as a reorg does before connecting the competing branch. */
    Block disconnectTip() {
        return recent.removeLast();
    }

    /**
     * A random hash with the leading zero bytes a mainnet block hash has (ten, which keeps it below the target of
     * the compact bits the feed advertises).
     */
    private String newBlockHash() {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        for (int i = 22; i < 32; i++) {
            hash[i] = 0;
        }
        return DisplayHex.format(hash);
    }
}
