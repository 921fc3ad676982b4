package org.reservegrid.sv2.netty.codec;

import io.netty.channel.ChannelPipeline;

/**
 * Installs the frame and message codecs in the documented order, under fixed names. Add the business handler
 * after calling one of these.
 */
public final class Sv2Pipelines {

    public static final String FRAME_DECODER = "sv2-frame-decoder";
    public static final String MESSAGE_CODEC = "sv2-message-codec";

    private Sv2Pipelines() {}

    /**
     * For encrypted links: appends {@link Sv2FrameDecoder} and {@link Sv2MessageCodec} after the Noise transport
     * handler, which must already be in the pipeline and deliver one decrypted frame per buffer.
     */
    public static void addAfterNoise(ChannelPipeline pipeline, int maxMessageLength) {
        pipeline.addLast(FRAME_DECODER, new Sv2FrameDecoder(maxMessageLength));
        pipeline.addLast(MESSAGE_CODEC, new Sv2MessageCodec());
    }

    /** For unencrypted test links: appends {@link Sv2StreamFrameDecoder} and {@link Sv2MessageCodec}. */
    public static void addPlaintextStream(ChannelPipeline pipeline, int maxMessageLength) {
        pipeline.addLast(FRAME_DECODER, new Sv2StreamFrameDecoder(maxMessageLength));
        pipeline.addLast(MESSAGE_CODEC, new Sv2MessageCodec());
    }
}
