package org.reservegrid.gateway.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.message.CloseChannel;

/**
 * The shutdown drain of one set-up connection, in this order:
 *
 * <ol>
 *   <li>every channel sends its pending SubmitShares.Success (once those shares are durable) and is closed, so it
 *       takes no more shares or work;
 *   <li>once the last share any of them accepted is durable (the share log releases its waiters in order, so the
 *       acknowledgements of step 1 have been written by then), one {@code CloseChannel(channel_id, shutdown_drain)}
 *       per channel, in the order the channels were opened;
 *   <li>the connection closes once the last CloseChannel is written; without channels, at once.
 * </ol>
 *
 * Everything runs on the connection's event loop; {@link Sv2Server#close} starts the drain of every connection and
 * waits for them to go.
 */
final class DrainSequence {
    /** What the drain needs of a channel. */
    interface DrainedChannel {
        long id();

        /** Sends the pending acknowledgement once its shares are durable. */
        void flushAcks();

        /** The share log ticket of the channel's last accepted share, or -1. */
        long lastTicket();

        /** Stops taking shares and work. */
        void close();
    }

    /** Runs an action on an executor once a share log ticket is durable ({@code ShareLog#whenDurable}). */
    interface Durability {
        void whenDurable(long ticket, Executor executor, Runnable action);
    }

    /** The connection's end of the drain: writes the messages, flushes, and closes once the last is written. */
    interface Farewell {
        void sendThenClose(List<CloseChannel> closes);
    }

    private DrainSequence() {}

    /** Starts the drain of {@code channels} (in opening order); the farewell runs on {@code loop}. */
    static void start(
            Collection<? extends DrainedChannel> channels, Durability durability, Executor loop, Farewell farewell) {
        long lastTicket = -1;
        List<CloseChannel> closes = new ArrayList<>(channels.size());
        for (DrainedChannel channel : channels) {
            channel.flushAcks();
            lastTicket = Math.max(lastTicket, channel.lastTicket());
            channel.close();
            closes.add(new CloseChannel(channel.id(), GatewayReason.SHUTDOWN_DRAIN.code()));
        }
        List<CloseChannel> farewells = List.copyOf(closes);
        if (lastTicket < 0) {
            farewell.sendThenClose(farewells);
        } else {
            durability.whenDurable(lastTicket, loop, () -> farewell.sendThenClose(farewells));
        }
    }
}
