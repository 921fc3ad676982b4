package org.reservegrid.sv2.netty.noise;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.security.SecureRandom;
import java.time.InstantSource;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseInitiator;
import org.reservegrid.sv2.noise.NoiseProtocol;
import org.reservegrid.sv2.noise.NoiseSession;

/**
 * Miner side: sends act 1 as soon as the channel is active, checks the responder's act 2 (and certificate, for a
 * verifying {@link NoiseInitiator}), then carries plaintext SV2 frames. One instance per channel:
 *
 * <pre>{@code
 * ch.pipeline()
 *     .addLast(NoiseHandler.NAME, NoiseClientHandler.verifying(authorityXOnly, NoiseHandlerSettings.DEFAULTS))
 *     .addLast(frameCodec, messageCodec, businessHandler);
 * }</pre>
 */
public final class NoiseClientHandler extends NoiseHandler {

    private static final SecureRandom SHARED_RANDOM = new SecureRandom();

    private final NoiseInitiator initiator;

    public NoiseClientHandler(NoiseInitiator initiator, NoiseHandlerSettings settings) {
        super(NoiseRole.INITIATOR, settings);
        this.initiator = initiator;
    }

    /** A client that accepts only a responder certified by the pool authority's x-only key. */
    public static NoiseClientHandler verifying(byte[] authorityXOnly, NoiseHandlerSettings settings) {
        return new NoiseClientHandler(
                NoiseInitiator.verifying(authorityXOnly, InstantSource.system(), SHARED_RANDOM), settings);
    }

    /** A client that encrypts without authenticating the responder (no authority key configured). */
    public static NoiseClientHandler unauthenticated(NoiseHandlerSettings settings) {
        return new NoiseClientHandler(NoiseInitiator.unauthenticated(SHARED_RANDOM), settings);
    }

    @Override
    int handshakeMessageLength() {
        return NoiseProtocol.ACT2_LENGTH;
    }

    @Override
    void startHandshake(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(initiator.writeAct1()));
    }

    @Override
    NoiseSession finishHandshake(ChannelHandlerContext ctx, byte[] act2) throws NoiseException {
        return initiator.readAct2(act2);
    }
}
