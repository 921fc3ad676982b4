package org.reservegrid.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.message.CloseChannel;

/** The drain's order of events, without Netty: acknowledgements, durability, CloseChannel per channel, close. */
class DrainSequenceTests {
    private final List<String> events = new ArrayList<>();
    private final List<Runnable> waitingForDurability = new ArrayList<>();
    private final List<Long> awaitedTickets = new ArrayList<>();
    private final Executor loop = Runnable::run;

    private final class Channel implements DrainSequence.DrainedChannel {
        private final long id;
        private final long lastTicket;

        Channel(long id, long lastTicket) {
            this.id = id;
            this.lastTicket = lastTicket;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public void flushAcks() {
            events.add("acks " + id);
        }

        @Override
        public long lastTicket() {
            return lastTicket;
        }

        @Override
        public void close() {
            events.add("closed " + id);
        }
    }

    private void whenDurable(long ticket, Executor executor, Runnable action) {
        assertThat(executor).isSameAs(loop);
        awaitedTickets.add(ticket);
        waitingForDurability.add(action);
    }

    private void farewell(List<CloseChannel> closes) {
        for (CloseChannel close : closes) {
            events.add("send " + close);
        }
        events.add("close connection");
    }

    @Test
    void channelsAcknowledgeThenWaitForTheLastDurableShareThenCloseInOpeningOrder() {
        DrainSequence.start(
                List.of(new Channel(5, 12), new Channel(3, 40), new Channel(9, -1)),
                this::whenDurable,
                loop,
                this::farewell);

        assertThat(events).containsExactly("acks 5", "closed 5", "acks 3", "closed 3", "acks 9", "closed 9");
        assertThat(awaitedTickets).containsExactly(40L);

        waitingForDurability.getFirst().run();
        assertThat(events.subList(6, events.size()))
                .containsExactly(
                        "send " + new CloseChannel(5, "shutdown_drain"),
                        "send " + new CloseChannel(3, "shutdown_drain"),
                        "send " + new CloseChannel(9, "shutdown_drain"),
                        "close connection");
    }

    @Test
    void withoutAcceptedSharesTheFarewellIsImmediate() {
        DrainSequence.start(List.of(new Channel(1, -1)), this::whenDurable, loop, this::farewell);

        assertThat(awaitedTickets).isEmpty();
        assertThat(events)
                .containsExactly(
                        "acks 1", "closed 1", "send " + new CloseChannel(1, "shutdown_drain"), "close connection");
    }

    @Test
    void aConnectionWithoutChannelsJustCloses() {
        DrainSequence.start(List.of(), this::whenDurable, loop, this::farewell);

        assertThat(events).containsExactly("close connection");
    }
}
