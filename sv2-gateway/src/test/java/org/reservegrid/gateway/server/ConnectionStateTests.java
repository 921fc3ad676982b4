package org.reservegrid.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.MessageType;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.RequestExtensions;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.UnsupportedMiningMessage;
import org.reservegrid.sv2.message.UpdateChannel;

/** Which message each connection state takes, and the reason code of each one it does not. */
class ConnectionStateTests {
    private static final SetupConnection SETUP = SetupConnection.mining(0x1, "pool", 3333, "", "", "", "");
    private static final List<Sv2Message> CHANNEL_REQUESTS = List.of(
            new OpenStandardMiningChannel(1, "alice", 1f, U256.MAX),
            new UpdateChannel(1, 1f, U256.MAX),
            new CloseChannel(1, "bye"),
            new SubmitSharesStandard(1, 1, 1, 0, 0, 0),
            new RequestExtensions(1, List.of(2)),
            new UnsupportedMiningMessage(MessageType.OPEN_EXTENDED_MINING_CHANNEL, new byte[4]));
    private static final List<Sv2Message> SERVER_MESSAGES = List.of(
            new SetupConnectionSuccess(2, 0),
            new SetTarget(1, U256.MAX),
            new NewMiningJob(1, 1, java.util.OptionalLong.empty(), 0x20000000, U256.ZERO));

    @Test
    void setupConnectionIsTakenOnceAfterTheHandshake() {
        assertThat(ConnectionState.AWAIT_SETUP.outOfState(SETUP)).isEmpty();
        assertThat(ConnectionState.READY.outOfState(SETUP)).hasValue(GatewayReason.SETUP_CONNECTION_REPEATED);
        assertThat(ConnectionState.DRAINING.outOfState(SETUP)).hasValue(GatewayReason.SETUP_CONNECTION_REPEATED);
        assertThat(ConnectionState.HANDSHAKE.outOfState(SETUP)).hasValue(GatewayReason.MESSAGE_BEFORE_SETUP);
    }

    @Test
    void channelRequestsNeedASetUpConnection() {
        for (Sv2Message request : CHANNEL_REQUESTS) {
            assertThat(ConnectionState.HANDSHAKE.outOfState(request))
                    .as("%s", request)
                    .hasValue(GatewayReason.MESSAGE_BEFORE_SETUP);
            assertThat(ConnectionState.AWAIT_SETUP.outOfState(request))
                    .as("%s", request)
                    .hasValue(GatewayReason.MESSAGE_BEFORE_SETUP);
            assertThat(ConnectionState.READY.outOfState(request))
                    .as("%s", request)
                    .isEmpty();
            assertThat(ConnectionState.DRAINING.outOfState(request))
                    .as("%s", request)
                    .isEmpty();
        }
    }

    @Test
    void messagesOnlyServersSendAreRefusedInEveryState() {
        for (ConnectionState state : ConnectionState.values()) {
            for (Sv2Message message : SERVER_MESSAGES) {
                assertThat(state.outOfState(message))
                        .as("%s in %s", message, state)
                        .hasValue(GatewayReason.SERVER_ONLY_MESSAGE);
            }
        }
    }
}
