package org.reservegrid.sv2.netty.noise;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.security.SecureRandom;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseProtocol;
import org.reservegrid.sv2.noise.NoiseResponder;
import org.reservegrid.sv2.noise.NoiseSession;
import org.reservegrid.sv2.noise.ResponderCredentials;

/**
 * Gateway side: waits for the 64-byte act 1, answers with the 234-byte act 2 (static key and certificate from the
 * shared {@link ResponderCredentials}), then carries plaintext SV2 frames. One instance per channel:
 *
 * <pre>{@code
 * ch.pipeline()
 *     .addLast(NoiseHandler.NAME, new NoiseServerHandler(credentials, NoiseHandlerSettings.DEFAULTS))
 *     .addLast(frameCodec, messageCodec, businessHandler);
 * }</pre>
 */
public final class NoiseServerHandler extends NoiseHandler {

    private static final SecureRandom SHARED_RANDOM = new SecureRandom();

    private final NoiseResponder responder;

    public NoiseServerHandler(ResponderCredentials credentials, NoiseHandlerSettings settings) {
        this(credentials, settings, SHARED_RANDOM);
    }

    public NoiseServerHandler(ResponderCredentials credentials, NoiseHandlerSettings settings, SecureRandom random) {
        super(NoiseRole.RESPONDER, settings);
        this.responder = new NoiseResponder(credentials, random);
    }

    @Override
    int handshakeMessageLength() {
        return NoiseProtocol.ACT1_LENGTH;
    }

    @Override
    void startHandshake(ChannelHandlerContext ctx) {
        // The initiator speaks first.
    }

    @Override
    NoiseSession finishHandshake(ChannelHandlerContext ctx, byte[] act1) throws NoiseException {
        NoiseResponder.Reply reply = responder.processAct1(act1);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.act2()));
        return reply.session();
    }
}
