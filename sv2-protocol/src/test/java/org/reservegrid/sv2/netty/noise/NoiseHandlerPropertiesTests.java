package org.reservegrid.sv2.netty.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.noise.ResponderCredentials;

/**
 * Arbitrary bytes into the handlers never surface as an exception (an {@link EmbeddedChannel} rethrows anything that
 * reaches the end of the pipeline): the channel either waits for more bytes or closes with a Noise reason.
 */
class NoiseHandlerPropertiesTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AUTHORITY_SECRET = Secp256k1.generateSecretKey(RANDOM);
    private static final ResponderCredentials CREDENTIALS =
            ResponderCredentials.issue(AUTHORITY_SECRET, Instant.now().minusSeconds(60), Duration.ofHours(1), RANDOM);
    private static final Set<GatewayReason> NOISE_REASONS = Set.of(
            GatewayReason.NOISE_HANDSHAKE_FAILED,
            GatewayReason.NOISE_HANDSHAKE_TIMEOUT,
            GatewayReason.FRAME_DECODE_ERROR,
            GatewayReason.FRAME_TOO_LARGE);

    static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            seen.add(event);
        }
    }

    private static void assertWaitingOrClosedWithANoiseReason(EmbeddedChannel channel) {
        if (!channel.isOpen()) {
            assertThat(channel.attr(NoiseHandler.CLOSE_REASON).get()).isIn(NOISE_REASONS);
        }
        channel.finishAndReleaseAll();
    }

    @Property(tries = 50)
    void arbitraryBytesIntoTheServerBeforeTheHandshake(@ForAll @Size(max = 400) byte[] bytes) {
        EmbeddedChannel server =
                new EmbeddedChannel(new NoiseServerHandler(CREDENTIALS, NoiseHandlerSettings.DEFAULTS), new Events());
        server.writeInbound(Unpooled.wrappedBuffer(bytes));
        assertWaitingOrClosedWithANoiseReason(server);
    }

    @Property(tries = 100)
    void arbitraryBytesIntoTheClientInsteadOfActTwo(@ForAll @Size(max = 400) byte[] bytes) {
        EmbeddedChannel client = new EmbeddedChannel(
                NoiseClientHandler.verifying(Secp256k1.xOnlyPublicKey(AUTHORITY_SECRET), NoiseHandlerSettings.DEFAULTS),
                new Events());
        client.writeInbound(Unpooled.wrappedBuffer(bytes));
        if (bytes.length >= 234) {
            assertThat(client.isOpen()).isFalse();
        }
        assertWaitingOrClosedWithANoiseReason(client);
    }

    @Property(tries = 50)
    void arbitraryBytesAfterTheHandshake(
            @ForAll @Size(max = 400) byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int piece) {
        EmbeddedChannel server = new EmbeddedChannel(
                new NoiseServerHandler(CREDENTIALS, NoiseHandlerSettings.DEFAULTS.withMaxFrameLength(100)),
                new Events());
        EmbeddedChannel client = new EmbeddedChannel(NoiseClientHandler.unauthenticated(NoiseHandlerSettings.DEFAULTS));
        ByteBuf act1 = client.readOutbound();
        server.writeInbound(act1);
        ByteBuf act2 = server.readOutbound();
        client.writeInbound(act2);
        assertThat(client.pipeline().get(NoiseClientHandler.class).isHandshakeComplete())
                .isTrue();

        for (int offset = 0; offset < bytes.length && server.isOpen(); offset += piece) {
            server.writeInbound(Unpooled.wrappedBuffer(bytes, offset, Math.min(piece, bytes.length - offset)));
        }
        assertThat(server.inboundMessages()).isEmpty();
        if (bytes.length >= 22) {
            assertThat(server.isOpen()).isFalse();
        }
        assertWaitingOrClosedWithANoiseReason(server);
        client.finishAndReleaseAll();
    }
}
