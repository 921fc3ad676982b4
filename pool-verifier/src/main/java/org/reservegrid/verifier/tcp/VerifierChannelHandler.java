package org.reservegrid.verifier.tcp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.frame.VerifierFrameRejected;
import org.reservegrid.protocol.message.ProtocolError;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerifierMessage;
import org.reservegrid.verifier.evaluation.Judgment;
import org.reservegrid.verifier.evaluation.TemplateJudge;
import org.reservegrid.verifier.history.VerdictHistory;
import org.reservegrid.verifier.history.VerdictRecord;
import org.reservegrid.verifier.metrics.VerifierMetrics;
import org.reservegrid.verifier.whatif.RecentJudgments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business end of a verifier connection: judges each {@link TemplatePropose} and writes its
 * {@link TemplateVerdict} at once, so a client may pipeline many proposals and pair answers by request id.
 * Verdicts are flushed when a read burst ends, which batches the writes of pipelined requests.
 *
 * <p>Lifecycle: counted as open on activation; a rejected frame (a {@link VerifierFrameRejected} event from the
 * decoder) or a message a client must not send is answered with a {@link ProtocolError} and the connection is
 * closed once that error is flushed. I/O errors close the connection quietly.
 */
final class VerifierChannelHandler extends SimpleChannelInboundHandler<VerifierMessage> {
    private static final Logger log = LoggerFactory.getLogger(VerifierChannelHandler.class);

    private final TemplateJudge judge;
    private final VerdictHistory history;
    private final RecentJudgments recent;
    private final VerifierMetrics metrics;
    private String peer = "unknown";
    private boolean closing;

    VerifierChannelHandler(
            TemplateJudge judge, VerdictHistory history, RecentJudgments recent, VerifierMetrics metrics) {
        this.judge = judge;
        this.history = history;
        this.recent = recent;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peer = describe(ctx.channel().remoteAddress());
        metrics.connectionOpened();
        log.debug("verifier connection from {}", peer);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.connectionClosed();
        log.debug("verifier connection from {} closed", peer);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, VerifierMessage message) {
        if (closing) {
            return;
        }
        switch (message) {
            case TemplatePropose propose -> {
                Judgment judgment = judge.judge(propose);
                ctx.write(judgment.verdict(), ctx.voidPromise());
                VerdictRecord record = history.record(peer, propose, judgment.verdict(), judgment.judgedAt());
                recent.remember(judgment, record.id());
            }
            case TemplateVerdict verdict ->
                reject(ctx, verdict.requestId(), GatewayReason.FRAME_DECODE_ERROR, "clients must not send verdicts");
            case ProtocolError error -> {
                log.info(
                        "client {} reported {}: {}; closing",
                        peer,
                        error.reason().code(),
                        error.detail());
                closing = true;
                ctx.close();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A client that pipelines without reading must not make the verifier buffer without bound: stop reading
        // until the verdicts already written have drained.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof VerifierFrameRejected rejected) {
            reject(ctx, 0, rejected.reason(), rejected.detail());
        } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            log.debug("TLS handshake with {} failed: {}", peer, String.valueOf(handshake.cause()));
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing verifier connection from {}: {}", peer, cause.toString());
        closing = true;
        ctx.close();
    }

    private void reject(ChannelHandlerContext ctx, long requestId, GatewayReason reason, String detail) {
        if (closing) {
            return;
        }
        closing = true;
        metrics.frameRejected(reason);
        log.info("closing verifier connection from {}: {} ({})", peer, reason.code(), detail);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(new ProtocolError(requestId, reason, detail)).addListener(ChannelFutureListener.CLOSE);
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
