package org.reservegrid.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reservegrid.common.fuzz.AllocationBudget;
import org.reservegrid.protocol.VerifierDecodeException;
import org.reservegrid.protocol.frame.VerifierFrameDecoder;
import org.reservegrid.protocol.frame.VerifierFrameRejected;
import org.reservegrid.protocol.frame.VerifierFrames;
import org.reservegrid.protocol.gbt.GbtConversionException;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.VerifierMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzz targets for the verifier protocol (docs/fuzzing.md): frames and each message body, the
 * stream decoder, and the getblocktemplate conversion. Only the module's typed errors may escape, a decoded
 * message re-encodes to exactly its input, and no input may cost memory out of proportion to its size.
 */
class VerifierFuzzTests {

    private static final AllocationBudget BINARY = AllocationBudget.binaryDecoder();
    private static final AllocationBudget TEXT = AllocationBudget.textParser();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int STREAM_MAX_FRAME_BYTES = 64 * 1024;

    /** The frame content after the length prefix (type, version, body): every message kind's decoder. */
    @FuzzTest
    void frame(byte[] input) {
        VerifierMessage message;
        try {
            message = BINARY.check(input.length, () -> VerifierFrames.decodeFrame(Unpooled.wrappedBuffer(input)));
        } catch (VerifierDecodeException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(frameContent(message)).isEqualTo(input);
    }

    /** A byte stream through the pipeline decoder: frames out, re-encoding to the stream; one rejection at most. */
    @FuzzTest
    void stream(byte[] input) {
        Decoded decoded = BINARY.check(input.length, () -> decodeStream(input));
        assertThat(decoded.rejections()).isLessThanOrEqualTo(1);
        assertThat(Arrays.copyOf(input, decoded.reencoded().length)).isEqualTo(decoded.reencoded());
    }

    private record Decoded(byte[] reencoded, int rejections) {}

    private static Decoded decodeStream(byte[] input) {
        List<VerifierFrameRejected> rejections = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(
                new VerifierFrameDecoder(STREAM_MAX_FRAME_BYTES), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event instanceof VerifierFrameRejected rejected) {
                            rejections.add(rejected);
                        }
                    }
                });
        // Two writes, split where the first byte says, so that partial frames are exercised too.
        int split = input.length == 0 ? 0 : (input[0] & 0xFF) % (input.length + 1);
        channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
        channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
        channel.checkException();
        ByteBuf reencoded = Unpooled.buffer();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            ByteBuf frame = VerifierFrames.encode(UnpooledByteBufAllocator.DEFAULT, (VerifierMessage) message);
            reencoded.writeBytes(frame);
            frame.release();
        }
        channel.finishAndReleaseAll();
        return new Decoded(ByteBufUtil.getBytes(reencoded), rejections.size());
    }

    /**
     * getblocktemplate JSON through the streaming converter. An accepted template must convert the same through
     * the tree path and survive the verifier wire format unchanged.
     */
    @FuzzTest
    void gbt(byte[] json) {
        TemplatePropose propose;
        try {
            propose = TEXT.check(json.length, () -> GbtConverter.toPropose(json, 7, 2, 400));
        } catch (GbtConversionException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new AssertionError("the streaming converter accepted JSON that Jackson cannot parse", e);
        }
        assertThat(frameContent(GbtConverter.toPropose(tree, 7, 2, 400))).isEqualTo(frameContent(propose));
        byte[] content = frameContent(propose);
        assertThat(frameContent(VerifierFrames.decodeFrame(Unpooled.wrappedBuffer(content))))
                .isEqualTo(content);
    }

    private static byte[] frameContent(VerifierMessage message) {
        ByteBuf frame = VerifierFrames.encode(UnpooledByteBufAllocator.DEFAULT, message);
        try {
            return ByteBufUtil.getBytes(
                    frame, VerifierFrames.LENGTH_BYTES, frame.readableBytes() - VerifierFrames.LENGTH_BYTES);
        } finally {
            frame.release();
        }
    }
}
