package org.reservegrid.sv2.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/**
 * Round trips for every message and generative decoding: no input makes the codecs throw anything but
 * {@link Sv2DecodeException}, and whatever decodes re-encodes to the same bytes.
 */
class MessageCodecPropertiesTests {

    @Provide
    Arbitrary<Sv2Message> messages() {
        return Sv2MessageArbitraries.anyMessage();
    }

    @Provide
    Arbitrary<MessageType> types() {
        return Arbitraries.of(MessageType.class);
    }

    @Example
    void generatorsCoverEveryMessageType() {
        Set<MessageType> seen = Sv2MessageArbitraries.anyMessage()
                .sampleStream()
                .limit(3_000)
                .map(Sv2Message::messageType)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MessageType.class)));

        assertThat(seen).containsExactlyInAnyOrder(MessageType.values());
    }

    @Property(tries = 2_000)
    void everyMessageRoundTripsThroughItsFrame(@ForAll("messages") Sv2Message message) {
        byte[] frame = Frames.encode(message);

        Sv2FrameHeader header = Sv2FrameHeader.read(Unpooled.wrappedBuffer(frame));
        assertThat(header.messageLength()).isEqualTo(Sv2Messages.payloadLength(message));
        assertThat(frame).hasSize(Sv2Messages.frameLength(message));
        assertThat(header.channelMessage()).isEqualTo(message.messageType().channelMessage());
        Sv2Message decoded = Frames.decode(frame);
        assertThat(decoded).isEqualTo(message);
        assertThat(Frames.encode(decoded)).isEqualTo(frame);
    }

    @Property(tries = 2_000)
    void anyBytesAsAFrameDecodeOrFailWithTheTypedError(@ForAll @Size(max = 400) byte[] frame) {
        try {
            Frames.decode(frame);
        } catch (Sv2DecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property(tries = 5_000)
    void anyPayloadUnderAKnownTypeDecodesCanonicallyOrFailsWithTheTypedError(
            @ForAll("types") MessageType type, @ForAll @Size(max = 400) byte[] payload) {
        ByteBuf frame = Unpooled.buffer();
        type.header(payload.length).write(frame);
        frame.writeBytes(payload);
        Sv2Message decoded;
        try {
            decoded = Sv2Messages.decodeFrame(frame);
        } catch (Sv2DecodeException expected) {
            return;
        }
        assertThat(decoded.messageType()).isEqualTo(type);
        assertThat(Frames.encodePayload(decoded)).isEqualTo(payload);
    }

    @Property(tries = 5_000)
    void mutatedValidFramesDecodeOrFailWithTheTypedError(
            @ForAll("messages") Sv2Message message,
            @ForAll("mutations") Mutation mutation,
            @ForAll int position,
            @ForAll byte value) {
        byte[] frame = mutation.apply(Frames.encode(message), Math.floorMod(position, 1 << 16), value);
        try {
            Frames.decode(frame);
        } catch (Sv2DecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Arbitraries.of(Mutation.class);
    }

    enum Mutation {
        REPLACE_BYTE {
            @Override
            byte[] apply(byte[] frame, int position, byte value) {
                byte[] copy = frame.clone();
                copy[position % copy.length] = value;
                return copy;
            }
        },
        TRUNCATE {
            @Override
            byte[] apply(byte[] frame, int position, byte value) {
                return Arrays.copyOf(frame, position % frame.length);
            }
        },
        APPEND_BYTE {
            @Override
            byte[] apply(byte[] frame, int position, byte value) {
                byte[] copy = Arrays.copyOf(frame, frame.length + 1);
                copy[frame.length] = value;
                return copy;
            }
        },
        REPLACE_PAYLOAD_BYTE {
            @Override
            byte[] apply(byte[] frame, int position, byte value) {
                if (frame.length == Sv2FrameHeader.LENGTH) {
                    return frame;
                }
                byte[] copy = frame.clone();
                copy[Sv2FrameHeader.LENGTH + position % (frame.length - Sv2FrameHeader.LENGTH)] = value;
                return copy;
            }
        };

        abstract byte[] apply(byte[] frame, int position, byte value);
    }
}
