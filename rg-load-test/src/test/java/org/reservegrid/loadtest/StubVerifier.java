package org.reservegrid.loadtest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.frame.VerifierFrameDecoder;
import org.reservegrid.protocol.frame.VerifierFrameEncoder;
import org.reservegrid.protocol.frame.VerifierFrames;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.protocol.message.VerifierMessage;

/** A real TCP server speaking the verifier protocol, with a pluggable answer per proposal (null = no answer). */
final class StubVerifier implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    StubVerifier(Function<TemplatePropose, @Nullable VerifierMessage> answer) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new VerifierFrameDecoder(VerifierFrames.DEFAULT_MAX_FRAME_BYTES))
                                .addLast(new VerifierFrameEncoder())
                                .addLast(new SimpleChannelInboundHandler<TemplatePropose>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TemplatePropose propose) {
                                        VerifierMessage reply = answer.apply(propose);
                                        if (reply != null) {
                                            ctx.writeAndFlush(reply);
                                        }
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    static VerifierMessage accept(TemplatePropose propose) {
        return TemplateVerdict.accept(propose.requestId(), VerdictContext.empty(FeeTier.HI, -1, 1));
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
