package org.reservegrid.sv2.netty.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.reservegrid.sv2.message.Frames;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.Sv2MessageArbitraries;

/**
 * Generative checks on the Netty handlers: arbitrary bytes never raise an exception in the pipeline, they end in
 * messages or in one reasoned close; and valid streams decode identically however they are split.
 */
class CodecHandlerPropertiesTests {

    @Provide
    Arbitrary<List<Sv2Message>> messageLists() {
        return Sv2MessageArbitraries.anyMessage().list().ofMaxSize(6);
    }

    @Property(tries = 300)
    void anyChunksOfBytesEndInMessagesOrOneReasonedClose(@ForAll @Size(max = 12) List<@Size(max = 80) byte[]> chunks) {
        EventRecorder recorder = new EventRecorder();
        EmbeddedChannel channel = new EmbeddedChannel(new Sv2StreamFrameDecoder(256), new Sv2MessageCodec(), recorder);

        for (byte[] chunk : chunks) {
            if (!channel.isOpen()) {
                break;
            }
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }

        channel.checkException();
        assertThat(recorder.protocolErrors()).hasSizeLessThanOrEqualTo(1);
        assertThat(channel.isOpen()).isEqualTo(recorder.protocolErrors().isEmpty());
        channel.finishAndReleaseAll();
    }

    @Property(tries = 300)
    void anyBufferIntoTheWholeFramePipelineEndsInAMessageOrAReasonedClose(@ForAll @Size(max = 200) byte[] frame) {
        EventRecorder recorder = new EventRecorder();
        EmbeddedChannel channel = new EmbeddedChannel(new Sv2FrameDecoder(128), new Sv2MessageCodec(), recorder);

        channel.writeInbound(Unpooled.wrappedBuffer(frame));

        channel.checkException();
        Object message = channel.readInbound();
        assertThat(message == null).isEqualTo(recorder.protocolErrors().size() == 1);
        channel.finishAndReleaseAll();
    }

    @Property(tries = 100)
    void aValidStreamDecodesTheSameHoweverItIsSplit(
            @ForAll("messageLists") List<Sv2Message> messages, @ForAll @IntRange(min = 1, max = 700) int chunkSize) {
        EventRecorder recorder = new EventRecorder();
        EmbeddedChannel channel = new EmbeddedChannel(new Sv2StreamFrameDecoder(), new Sv2MessageCodec(), recorder);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        messages.forEach(message -> stream.writeBytes(Frames.encode(message)));
        byte[] bytes = stream.toByteArray();

        for (int start = 0; start < bytes.length; start += chunkSize) {
            channel.writeInbound(Unpooled.wrappedBuffer(
                    Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + chunkSize))));
        }

        List<Sv2Message> received = new ArrayList<>();
        for (Sv2Message message = channel.readInbound(); message != null; message = channel.readInbound()) {
            received.add(message);
        }
        assertThat(received).isEqualTo(messages);
        assertThat(recorder.events).isEmpty();
        channel.checkException();
    }
}
