package org.reservegrid.sv2.netty.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.noise.ResponderCredentials;

/** Client and server handlers on two {@link EmbeddedChannel}s, bytes shuttled by hand. */
class NoiseHandlerEmbeddedTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AUTHORITY_SECRET = Secp256k1.generateSecretKey(RANDOM);
    private static final byte[] AUTHORITY = Secp256k1.xOnlyPublicKey(AUTHORITY_SECRET);
    private static final ResponderCredentials CREDENTIALS =
            ResponderCredentials.issue(AUTHORITY_SECRET, Instant.now().minusSeconds(60), Duration.ofHours(1), RANDOM);

    /** Records user events; frames stay in the channel's inbound queue. */
    static final class EventRecorder extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
        }
    }

    private final EventRecorder serverEvents = new EventRecorder();
    private final EventRecorder clientEvents = new EventRecorder();
    private EmbeddedChannel server;
    private EmbeddedChannel client;

    private void open(NoiseHandlerSettings serverSettings) {
        server = new EmbeddedChannel(new NoiseServerHandler(CREDENTIALS, serverSettings), serverEvents);
        client = new EmbeddedChannel(
                NoiseClientHandler.verifying(AUTHORITY, NoiseHandlerSettings.DEFAULTS), clientEvents);
    }

    /** Moves every outbound buffer of {@code from} into {@code to}, split into pieces of at most {@code piece}. */
    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to, int piece) {
        ByteBuf out;
        while ((out = from.readOutbound()) != null) {
            while (out.isReadable()) {
                to.writeInbound(out.readRetainedSlice(Math.min(piece, out.readableBytes())));
            }
            out.release();
        }
    }

    private void handshake(int piece) {
        shuttle(client, server, piece);
        shuttle(server, client, piece);
    }

    @Test
    void handshakeCompletesEvenWhenBytesArriveOneAtATime() {
        open(NoiseHandlerSettings.DEFAULTS);
        handshake(1);
        assertThat(serverEvents.events).singleElement().isInstanceOf(NoiseHandshakeCompleted.class);
        assertThat(clientEvents.events)
                .singleElement()
                .isInstanceOfSatisfying(
                        NoiseHandshakeCompleted.class,
                        completed -> assertThat(completed.role()).isEqualTo(NoiseRole.INITIATOR));

        byte[] frame = TestFrames.frame(0x1a, 24);
        client.writeOutbound(TestFrames.buffer(frame));
        shuttle(client, server, 7);
        assertThat(TestFrames.bytesOf(server.readInbound())).isEqualTo(frame);
    }

    @Test
    void framesWrittenBeforeTheHandshakeAreSentInOrderAfterIt() {
        open(NoiseHandlerSettings.DEFAULTS);
        byte[] first = TestFrames.frame(0x00, 10);
        byte[] second = TestFrames.frame(0x10, 0);
        ChannelFuture firstWrite = client.writeAndFlush(TestFrames.buffer(first));
        client.writeAndFlush(TestFrames.buffer(second));
        assertThat(firstWrite.isDone()).isFalse();

        handshake(1000);
        shuttle(client, server, 1000);

        assertThat(firstWrite.isSuccess()).isTrue();
        assertThat(TestFrames.bytesOf(server.readInbound())).isEqualTo(first);
        assertThat(TestFrames.bytesOf(server.readInbound())).isEqualTo(second);
    }

    @Test
    void severalFramesInOneOutboundBufferArriveAsSeparateFrames() {
        open(NoiseHandlerSettings.DEFAULTS);
        handshake(1000);
        byte[] first = TestFrames.frame(0x15, 40);
        byte[] second = TestFrames.frame(0x20, 70_000);
        server.writeOutbound(Unpooled.wrappedBuffer(first, second));
        shuttle(server, client, 4096);
        assertThat(TestFrames.bytesOf(client.readInbound())).isEqualTo(first);
        assertThat(TestFrames.bytesOf(client.readInbound())).isEqualTo(second);
        assertThat(client.inboundMessages()).isEmpty();
    }

    @Test
    void anIncompleteOutboundFrameFailsItsWriteWithoutBreakingTheSession() {
        open(NoiseHandlerSettings.DEFAULTS);
        handshake(1000);
        byte[] truncated = TestFrames.frame(0x15, 40);
        ChannelFuture write = client.writeAndFlush(Unpooled.wrappedBuffer(truncated, 0, 20));
        assertThat(write.cause()).isInstanceOf(IllegalArgumentException.class);
        ChannelFuture notABuffer = client.writeAndFlush("not a frame");
        assertThat(notABuffer.cause()).isInstanceOf(IllegalArgumentException.class);

        byte[] frame = TestFrames.frame(0x15, 40);
        client.writeOutbound(TestFrames.buffer(frame));
        shuttle(client, server, 1000);
        assertThat(TestFrames.bytesOf(server.readInbound())).isEqualTo(frame);
    }

    @Test
    void theHandshakeTimesOutWithItsReason() {
        open(NoiseHandlerSettings.DEFAULTS.withHandshakeTimeout(Duration.ofSeconds(3)));
        server.advanceTimeBy(4, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertThat(serverEvents.events)
                .singleElement()
                .isEqualTo(new NoiseHandshakeFailed(
                        GatewayReason.NOISE_HANDSHAKE_TIMEOUT, "handshake not completed within 3000 ms"));
        assertThat(server.isOpen()).isFalse();
        assertThat(server.attr(NoiseHandler.CLOSE_REASON).get()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_TIMEOUT);
    }

    @Test
    void aFrameOverTheLimitClosesWithFrameTooLarge() {
        open(NoiseHandlerSettings.DEFAULTS.withMaxFrameLength(1024));
        handshake(1000);
        client.writeOutbound(TestFrames.buffer(TestFrames.frame(0x1a, 1024)));
        client.writeOutbound(TestFrames.buffer(TestFrames.frame(0x1a, 1025)));
        shuttle(client, server, 100_000);
        assertThat(TestFrames.bytesOf(server.readInbound())).hasSize(6 + 1024);
        assertThat(serverEvents.events)
                .last()
                .isInstanceOfSatisfying(
                        NoiseTransportFailed.class,
                        failed -> assertThat(failed.reason()).isEqualTo(GatewayReason.FRAME_TOO_LARGE));
        assertThat(server.isOpen()).isFalse();
        assertThat(server.attr(NoiseHandler.CLOSE_REASON).get()).isEqualTo(GatewayReason.FRAME_TOO_LARGE);
    }

    @Test
    void aFlippedCiphertextBitClosesWithFrameDecodeError() {
        open(NoiseHandlerSettings.DEFAULTS);
        handshake(1000);
        client.writeOutbound(TestFrames.buffer(TestFrames.frame(0x1a, 100)));
        ByteBuf encrypted = client.readOutbound();
        encrypted.setByte(30, encrypted.getByte(30) ^ 0x01);
        server.writeInbound(encrypted);
        assertThat(server.inboundMessages()).isEmpty();
        assertThat(serverEvents.events)
                .last()
                .isInstanceOfSatisfying(
                        NoiseTransportFailed.class,
                        failed -> assertThat(failed.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void aPeerClosingMidHandshakeIsAHandshakeFailure() {
        open(NoiseHandlerSettings.DEFAULTS);
        server.writeInbound(Unpooled.wrappedBuffer(new byte[10]));
        server.close();
        assertThat(serverEvents.events)
                .singleElement()
                .isInstanceOfSatisfying(
                        NoiseHandshakeFailed.class,
                        failed -> assertThat(failed.reason()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED));
    }
}
