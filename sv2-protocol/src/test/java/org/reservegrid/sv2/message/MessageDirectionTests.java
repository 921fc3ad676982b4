package org.reservegrid.sv2.message;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The direction types of the records against the spec's "Client -> Server" / "Server -> Client" marks. */
class MessageDirectionTests {

    @Provide
    Arbitrary<Sv2Message> messages() {
        return Sv2MessageArbitraries.anyMessage();
    }

    @Property(tries = 300)
    void everyDecodedRecordIsTypedByWhoSendsItsMessageType(@ForAll @From("messages") Sv2Message message) {
        MessageType.Direction direction = message.messageType().direction();
        if (message instanceof UnsupportedMiningMessage) {
            // One record for every undecoded type, both directions: its MessageType carries the direction.
            assertThat(message).isInstanceOf(ClientToServer.class).isInstanceOf(ServerToClient.class);
            return;
        }
        assertThat(message instanceof ClientToServer).isEqualTo(direction.fromClient());
        assertThat(message instanceof ServerToClient).isEqualTo(direction.fromServer());
    }

    @Test
    void onlyCloseChannelGoesBothWays() {
        assertThat(MessageType.values())
                .filteredOn(type -> type.direction() == MessageType.Direction.EITHER)
                .containsExactly(MessageType.CLOSE_CHANNEL);
        assertThat(MessageType.SETUP_CONNECTION.direction()).isEqualTo(MessageType.Direction.CLIENT_TO_SERVER);
        assertThat(MessageType.SUBMIT_SHARES_EXTENDED.direction().fromClient()).isTrue();
        assertThat(MessageType.NEW_EXTENDED_MINING_JOB.direction().fromClient()).isFalse();
        assertThat(MessageType.REQUEST_EXTENSIONS_ERROR.direction().fromServer())
                .isTrue();
    }
}
