package org.reservegrid.sv2.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.reservegrid.common.fuzz.AllocationBudget;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.MessageType;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.Sv2Messages;

/**
 * Coverage-guided fuzz targets for the SV2 frame header and every message codec (docs/fuzzing.md). Each input
 * either decodes, and then re-encodes to exactly its own bytes, or is rejected with {@link Sv2DecodeException};
 * any other exception, or an allocation out of proportion to the input, fails the target.
 */
class Sv2MessageFuzzTests {

    private static final AllocationBudget BUDGET = AllocationBudget.binaryDecoder();
    private static final List<MessageType> TYPES = List.of(MessageType.values());

    /** A whole plaintext frame off the wire: header, then payload, as the gateway's decoder sees it. */
    @FuzzTest
    void frame(byte[] input) {
        Sv2FrameHeader header;
        Sv2Message message;
        try {
            header = BUDGET.check(input.length, () -> Sv2FrameHeader.read(Unpooled.wrappedBuffer(input)));
            header.requireMessageLengthAtMost(Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
            message = BUDGET.check(input.length, () -> Sv2Messages.decodeFrame(Unpooled.wrappedBuffer(input)));
        } catch (Sv2DecodeException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        ByteBuf headerOut = Unpooled.buffer(Sv2FrameHeader.LENGTH);
        header.write(headerOut);
        assertThat(ByteBufUtil.getBytes(headerOut)).isEqualTo(Arrays.copyOf(input, Sv2FrameHeader.LENGTH));
        assertThat(Sv2FrameHeader.peek(Unpooled.wrappedBuffer(input), 0)).isEqualTo(header);
        assertThat(message.messageType()).isEqualTo(MessageType.fromHeader(header));
        assertReencodesTo(message, Arrays.copyOfRange(input, Sv2FrameHeader.LENGTH, input.length));
    }

    /**
     * One payload of the message type the first byte picks (modulo the number of types), so every codec gets
     * the whole of the fuzzer's attention rather than only the inputs whose header happens to be right.
     */
    @FuzzTest
    void message(byte[] input) {
        if (input.length == 0) {
            return;
        }
        MessageType type = TYPES.get((input[0] & 0xFF) % TYPES.size());
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        Sv2Message message;
        try {
            message = BUDGET.check(
                    input.length,
                    () -> Sv2Messages.decode(type.header(payload.length), Unpooled.wrappedBuffer(payload)));
        } catch (Sv2DecodeException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(message.messageType()).isEqualTo(type);
        assertReencodesTo(message, payload);
    }

    /** decode(encode(x)) == x and encode(decode(bytes)) == bytes: the wire format has one encoding per value. */
    private static void assertReencodesTo(Sv2Message message, byte[] payload) {
        assertThat(Sv2Messages.payloadLength(message)).isEqualTo(payload.length);
        ByteBuf out = Unpooled.buffer(payload.length);
        Sv2Messages.writePayload(message, out);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(payload);
        ByteBuf frame = Unpooled.buffer();
        Sv2Messages.writeFrame(message, frame);
        assertThat(Sv2Messages.decodeFrame(frame)).isEqualTo(message);
    }
}
