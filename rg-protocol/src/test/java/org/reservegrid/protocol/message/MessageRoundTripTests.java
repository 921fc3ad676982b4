package org.reservegrid.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerifierDecodeException;

class MessageRoundTripTests {
    @Test
    void templateProposeSurvivesWriteAndRead() {
        TemplatePropose propose = Fixtures.propose(4_000);

        assertThat(roundTrip(propose, TemplatePropose::read)).isEqualTo(propose);
        assertThat(propose.encodedLength()).isEqualTo(46 + 1 + 64 + 4_000 * 48);
    }

    @Test
    void emptyTemplateSurvivesWriteAndRead() {
        TemplatePropose propose = Fixtures.propose(0);

        assertThat(roundTrip(propose, TemplatePropose::read)).isEqualTo(propose);
    }

    @Test
    void verdictSurvivesWriteAndRead() {
        TemplateVerdict rejection = Fixtures.rejection();
        TemplateVerdict acceptance = TemplateVerdict.accept(9L, VerdictContext.empty(FeeTier.HI, -1, 3));

        assertThat(roundTrip(rejection, TemplateVerdict::read)).isEqualTo(rejection);
        assertThat(roundTrip(acceptance, TemplateVerdict::read)).isEqualTo(acceptance);
    }

    @Test
    void protocolErrorSurvivesWriteAndReadWithItsDetailSanitised() {
        ProtocolError error = new ProtocolError(0, GatewayReason.FRAME_TOO_LARGE, "too big\nreally");

        assertThat(error.detail()).isEqualTo("too big?really");
        assertThat(roundTrip(error, ProtocolError::read)).isEqualTo(error);
    }

    @Test
    void handWrittenProposeBytesDecodeFieldByField() {
        ByteBuf in = Unpooled.buffer();
        in.writeLong(5); // request_id
        in.writeShort(2); // protocol_version
        in.writeByte(2).writeBytes("ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // prev_hash
        in.writeInt(0x2000_0000); // version
        in.writeInt(0x207f_ffff); // bits
        in.writeInt(101); // height
        in.writeLong(1_700_000_000L); // curtime
        in.writeLong(5_000_000_000L); // coinbase_value
        in.writeInt(4); // coinbase_sigops
        in.writeInt(1); // tx_count
        in.writeBytes(new byte[32]); // txid
        in.writeLong(250); // fee
        in.writeInt(561); // weight
        in.writeInt(1); // sigops

        TemplatePropose propose = TemplatePropose.read(in);

        assertThat(propose.requestId()).isEqualTo(5);
        assertThat(propose.prevHash()).isEqualTo("ab");
        assertThat(propose.height()).isEqualTo(101);
        assertThat(propose.transactions().size()).isEqualTo(1);
        assertThat(propose.transactions().fee(0)).isEqualTo(250);
        assertThat(propose.transactions().weight(0)).isEqualTo(561);
        assertThat(roundTrip(propose, TemplatePropose::read)).isEqualTo(propose);
    }

    @Test
    void aTxCountThatDisagreesWithTheFrameIsADecodeError() {
        ByteBuf out = Unpooled.buffer();
        Fixtures.propose(2).write(out);
        out.writerIndex(out.writerIndex() - 1);

        assertThatThrownBy(() -> TemplatePropose.read(out))
                .isInstanceOf(VerifierDecodeException.class)
                .satisfies(e ->
                        assertThat(((VerifierDecodeException) e).reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
    }

    @Test
    void aVerdictMustCarryAReasonExactlyWhenRejected() {
        assertThatThrownBy(() -> new TemplateVerdict(
                        1,
                        true,
                        org.reservegrid.protocol.VerdictReason.INTERNAL_ERROR,
                        java.util.List.of(),
                        VerdictContext.empty(FeeTier.LO, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static <T extends VerifierMessage> T roundTrip(T message, java.util.function.Function<ByteBuf, T> reader) {
        ByteBuf buffer = Unpooled.buffer();
        message.write(buffer);
        assertThat(buffer.readableBytes()).isEqualTo(message.encodedLength());
        T decoded = reader.apply(buffer);
        assertThat(buffer.isReadable()).isFalse();
        return decoded;
    }
}
