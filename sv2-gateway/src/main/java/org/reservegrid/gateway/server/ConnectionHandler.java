package org.reservegrid.gateway.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.gateway.hashrate.HashrateHistory;
import org.reservegrid.gateway.share.Sv2ShareErrors;
import org.reservegrid.gateway.work.WorkFactory;
import org.reservegrid.sv2.binary.B032;
import org.reservegrid.sv2.message.ClientToServer;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.MessageType;
import org.reservegrid.sv2.message.OpenMiningChannelError;
import org.reservegrid.sv2.message.OpenMiningChannelErrorCode;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.RequestExtensions;
import org.reservegrid.sv2.message.RequestExtensionsError;
import org.reservegrid.sv2.message.ServerToClient;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionError;
import org.reservegrid.sv2.message.SetupConnectionErrorCode;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.Sv2Protocol;
import org.reservegrid.sv2.message.UnsupportedMiningMessage;
import org.reservegrid.sv2.message.UpdateChannel;
import org.reservegrid.sv2.message.UpdateChannelError;
import org.reservegrid.sv2.message.UpdateChannelErrorCode;
import org.reservegrid.sv2.netty.codec.Sv2ProtocolErrorEvent;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeFailed;
import org.reservegrid.sv2.netty.noise.NoiseTransportFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business end of one SV2 connection, after Noise and the codecs: SetupConnection, standard channels, shares.
 *
 * <p>Lifecycle ({@link ConnectionState}): Noise handshake (the connection may not speak before
 * {@link NoiseHandshakeCompleted}), then exactly one SetupConnection within the setup timeout, then any number of
 * standard channels. Extended channels and extension negotiation are refused with their error messages. Messages
 * only a server sends, a second SetupConnection or anything before it close the connection
 * ({@link ConnectionState#outOfState}). The checks on each request are {@link RequestChecks}, the reasons they are
 * counted under {@link RefusalReasons}, the shutdown drain {@link DrainSequence}; this class applies them to the
 * connection. It takes only {@link ClientToServer} messages and writes only {@link ServerToClient} ones. One instance
 * per connection; everything runs on its event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    static final long TICK_MILLIS = 250;
    /** A peer that has not read what we wrote for this long (outbound buffer over its high-water mark) is closed. */
    static final long UNWRITABLE_GRACE_MILLIS = 30_000;

    private final ChannelServices services;
    private final long id;
    private final Map<Long, MiningChannel> channels = new LinkedHashMap<>();
    private ConnectionState state = ConnectionState.HANDSHAKE;
    private @Nullable ChannelHandlerContext context;
    private @Nullable ScheduledFuture<?> setupTimer;
    private boolean ticking;
    /** Something was written since the last flush; the tick flushes only then. */
    private boolean unflushed;

    private String remoteAddress = "unknown";
    private long connectedAtMillis;
    /** The channels, for the hashrate gauges on other threads; replaced whenever {@code channels} changes. */
    private volatile List<MiningChannel> channelList = List.of();

    ConnectionHandler(ChannelServices services) {
        this.services = services;
        this.id = services.registry().nextConnectionId();
    }

    long id() {
        return id;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    long connectedAtMillis() {
        return connectedAtMillis;
    }

    EventExecutor executor() {
        return context().executor();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connectedAtMillis = System.currentTimeMillis();
        SocketAddress remote = ctx.channel().remoteAddress();
        remoteAddress = remote instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : String.valueOf(remote);
        services.registry().add(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = ConnectionState.CLOSED;
        cancel(setupTimer);
        stopTicking();
        for (MiningChannel channel : channels.values()) {
            channel.close();
            services.registry().releaseChannel(channel.id());
        }
        if (!channels.isEmpty()) {
            log.info("connection {} from {} closed with {} channel(s)", id, remoteAddress, channels.size());
        }
        channels.clear();
        channelList = List.of();
        services.registry().remove(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        switch (event) {
            case NoiseHandshakeCompleted completed -> {
                if (state == ConnectionState.HANDSHAKE) {
                    state = ConnectionState.AWAIT_SETUP;
                    long timeout = services.settings().setupTimeout().toMillis();
                    setupTimer = ctx.executor().schedule(this::setupTimedOut, timeout, TimeUnit.MILLISECONDS);
                }
            }
            case NoiseHandshakeFailed failed -> {
                services.metrics().protocolError(failed.reason());
                log.debug("connection {} from {}: {} ({})", id, remoteAddress, failed.reason(), failed.detail());
            }
            case NoiseTransportFailed failed -> {
                services.metrics().protocolError(failed.reason());
                log.info("connection {} from {}: {} ({})", id, remoteAddress, failed.reason(), failed.detail());
            }
            case Sv2ProtocolErrorEvent error -> {
                services.metrics().protocolError(error.reason());
                log.info("connection {} from {}: {} ({})", id, remoteAddress, error.reason(), error.detail());
            }
            default -> ctx.fireUserEventTriggered(event);
        }
    }

    private void setupTimedOut() {
        if (state == ConnectionState.AWAIT_SETUP) {
            services.metrics().protocolError(GatewayReason.SETUP_CONNECTION_TIMEOUT);
            log.info("connection {} from {}: no SetupConnection within the setup timeout; closing", id, remoteAddress);
            state = ConnectionState.CLOSED;
            context().close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Sv2Message message)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (state == ConnectionState.CLOSED) {
            return;
        }
        Optional<GatewayReason> outOfState = state.outOfState(message);
        if (outOfState.isPresent()) {
            closeOutOfState(message, outOfState.get());
        } else if (message instanceof ClientToServer request) {
            handle(request, System.currentTimeMillis());
        }
        ctx.flush();
    }

    private void handle(ClientToServer request, long now) {
        switch (request) {
            case SetupConnection setup -> setup(setup);
            case OpenStandardMiningChannel open -> open(open, now);
            case UpdateChannel update -> update(update, now);
            case CloseChannel close -> closeChannel(close);
            case SubmitSharesStandard share -> share(share, now);
            case RequestExtensions extensions ->
                write(new RequestExtensionsError(extensions.requestId(), extensions.requestedExtensions(), List.of()));
            case UnsupportedMiningMessage unsupported -> unsupported(unsupported);
        }
    }

    private void setup(SetupConnection setup) {
        cancel(setupTimer);
        Optional<SetupConnectionErrorCode> refusal = RequestChecks.setupConnection(setup);
        if (refusal.isPresent()) {
            refuseSetup(setup, refusal.get());
            return;
        }
        state = ConnectionState.READY;
        write(new SetupConnectionSuccess(Sv2Protocol.VERSION, 0));
        log.debug(
                "connection {} from {}: set up (flags {}, vendor '{}', firmware '{}')",
                id,
                remoteAddress,
                setup.flags(),
                setup.vendor().asString(),
                setup.firmware().asString());
        services.ticker().join(context().executor(), this);
        ticking = true;
    }

    private void stopTicking() {
        if (ticking) {
            ticking = false;
            services.ticker().leave(context().executor(), this);
        }
    }

    private void refuseSetup(SetupConnection setup, SetupConnectionErrorCode code) {
        services.metrics().protocolError(RefusalReasons.of(code));
        log.info(
                "connection {} from {}: SetupConnection refused: {} (protocol {}, versions {}..{}, flags {})",
                id,
                remoteAddress,
                code,
                setup.protocol(),
                setup.minVersion(),
                setup.maxVersion(),
                setup.flags());
        state = ConnectionState.CLOSED;
        context()
                .writeAndFlush(new SetupConnectionError(RequestChecks.refusedFlags(setup, code), code))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void open(OpenStandardMiningChannel open, long now) {
        long requestId = open.requestId();
        String user = open.userIdentity().asString();
        ServerSettings settings = services.settings();
        Optional<OpenMiningChannelErrorCode> refusal = RequestChecks.openStandardChannel(
                open,
                state == ConnectionState.DRAINING,
                channels.size(),
                settings.maxChannelsPerConnection(),
                settings::allowed);
        if (refusal.isEmpty() && !services.registry().reserveChannel(settings.maxChannels())) {
            refusal = Optional.of(OpenMiningChannelErrorCode.CHANNEL_LIMIT_EXCEEDED);
        }
        if (refusal.isPresent()) {
            refuseOpen(requestId, refusal.get(), user);
            return;
        }
        float hashrate = open.nominalHashRate();
        long channelId = services.registry().nextChannelId();
        MiningChannel channel = new MiningChannel(
                channelId, this, services, user, extranonce(channelId), hashrate, open.maxTarget(), now);
        channels.put(channelId, channel);
        services.registry().channelOpened(channelId, this);
        services.metrics().channelOpen("opened");
        write(new OpenStandardMiningChannelSuccess(
                requestId, channelId, channel.target(), B032.of(channel.extranoncePrefix()), 0));
        log.info(
                "connection {} from {}: channel {} opened for '{}' declaring {} H/s",
                id,
                remoteAddress,
                channelId,
                user,
                hashrate);
        Distribution current = services.registry().current();
        if (current != null) {
            channel.onWork(current, now);
        }
        refreshChannelList();
    }

    private void refuseOpen(long requestId, OpenMiningChannelErrorCode code, String user) {
        GatewayReason reason = RefusalReasons.of(code);
        services.metrics().channelOpen(reason.code());
        log.info("connection {} from {}: channel for '{}' refused: {} [{}]", id, remoteAddress, user, code, reason);
        write(new OpenMiningChannelError(requestId, code));
    }

    private byte[] extranonce(long channelId) {
        return ByteBuffer.allocate(WorkFactory.EXTRANONCE_LENGTH)
                .order(ByteOrder.BIG_ENDIAN)
                .put(services.extranonceSalt(), 0, 4)
                .putInt((int) channelId)
                .array();
    }

    private void update(UpdateChannel update, long now) {
        MiningChannel channel = channels.get(update.channelId());
        Optional<UpdateChannelErrorCode> refusal = RequestChecks.updateChannel(update, channel != null);
        if (refusal.isPresent() || channel == null) {
            UpdateChannelErrorCode code = refusal.orElse(UpdateChannelErrorCode.INVALID_CHANNEL_ID);
            RefusalReasons.of(code).ifPresent(services.metrics()::protocolError);
            write(new UpdateChannelError(update.channelId(), code));
            return;
        }
        channel.update(update.nominalHashRate(), update.maximumTarget(), now);
    }

    private void closeChannel(CloseChannel close) {
        MiningChannel channel = channels.remove(close.channelId());
        if (channel != null) {
            channel.flushAcks();
            channel.close();
            services.registry().releaseChannel(channel.id());
            log.info(
                    "connection {}: miner closed channel {} ({})",
                    id,
                    close.channelId(),
                    close.reasonCode().asString());
            refreshChannelList();
        }
    }

    private void share(SubmitSharesStandard share, long now) {
        MiningChannel channel = channels.get(share.channelId());
        if (channel == null) {
            refuseShareOnClosedChannel(share.channelId(), share.sequenceNumber());
            return;
        }
        channel.onShare(share, now);
    }

    private void refuseShareOnClosedChannel(long channelId, long sequenceNumber) {
        services.metrics().shareRejected(Sv2ShareErrors.INVALID_CHANNEL_ID.reason());
        write(new SubmitSharesError(channelId, sequenceNumber, Sv2ShareErrors.INVALID_CHANNEL_ID.code()));
    }

    private void unsupported(UnsupportedMiningMessage message) {
        if (message.messageType() == MessageType.OPEN_EXTENDED_MINING_CHANNEL) {
            refuseOpen(
                    message.leadingId(),
                    OpenMiningChannelErrorCode.EXTENDED_CHANNELS_NOT_SUPPORTED_FOR_STANDARD_JOBS,
                    "(extended channel)");
        } else if (message.messageType() == MessageType.SUBMIT_SHARES_EXTENDED) {
            byte[] payload = message.payload();
            long sequence = payload.length >= 8
                    ? ByteBuffer.wrap(payload, 4, 4)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .getInt()
                            & 0xffff_ffffL
                    : 0;
            // No extended channel is ever open here.
            refuseShareOnClosedChannel(message.leadingId(), sequence);
        } else {
            // Custom-job requests, and the undecoded types only servers send, are ignored as before.
            log.info("connection {} from {}: ignoring {}", id, remoteAddress, message.messageType());
        }
    }

    private void closeOutOfState(Sv2Message message, GatewayReason reason) {
        services.metrics().protocolError(reason);
        log.info(
                "connection {} from {}: unexpected {} in state {} ({}); closing",
                id,
                remoteAddress,
                message.messageType(),
                state,
                reason);
        state = ConnectionState.CLOSED;
        context().close();
    }

    /** Takes released work on this connection's event loop. */
    void offer(Distribution distribution) {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (state != ConnectionState.READY || channels.isEmpty()) {
                return;
            }
            long now = System.currentTimeMillis();
            for (MiningChannel channel : channels.values()) {
                channel.onWork(distribution, now);
            }
            ctx.flush();
            services.metrics()
                    .fanout(System.nanoTime() - distribution.work().template().receivedAtNanos());
        });
    }

    /** Periodic work of every channel, from this loop's {@link LoopTicker}. */
    void tick() {
        if (state != ConnectionState.READY) {
            return;
        }
        long now = System.currentTimeMillis();
        for (MiningChannel channel : channels.values()) {
            channel.tick(now);
        }
        if (unflushed) {
            unflushed = false;
            context().flush();
        }
    }

    /** Shutdown: refuses new channels and shares, then runs the {@link DrainSequence}. */
    void drain() {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (state == ConnectionState.CLOSED || state == ConnectionState.DRAINING) {
                return;
            }
            ConnectionState previous = state;
            state = ConnectionState.DRAINING;
            stopTicking();
            if (previous != ConnectionState.READY) {
                ctx.close();
                return;
            }
            List<MiningChannel> drained = List.copyOf(channels.values());
            for (MiningChannel channel : drained) {
                services.registry().releaseChannel(channel.id());
            }
            channels.clear();
            refreshChannelList();
            DrainSequence.start(drained, services.shareLog()::whenDurable, ctx.executor(), closes -> {
                ChannelFuture last = null;
                for (CloseChannel close : closes) {
                    last = ctx.write(close);
                }
                ctx.flush();
                if (last == null) {
                    ctx.close();
                } else {
                    last.addListener(ChannelFutureListener.CLOSE);
                }
            });
        });
    }

    /** This connection's channels as the API shows them, built on the connection's event loop. */
    CompletableFuture<List<ChannelSnapshot>> snapshots() {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<ChannelSnapshot>> result = new CompletableFuture<>();
        try {
            ctx.executor().execute(() -> {
                long now = System.currentTimeMillis();
                List<ChannelSnapshot> all = new ArrayList<>(channels.size());
                for (MiningChannel channel : channels.values()) {
                    all.add(channel.snapshot(now));
                }
                result.complete(all);
            });
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with the gateway: the connection has no channels to show.
            result.complete(List.of());
        }
        return result;
    }

    /** One channel's hashrate history, read on the connection's event loop; empty when it is not open here. */
    CompletableFuture<Optional<List<HashrateHistory.Sample>>> hashrateHistory(long channelId) {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<Optional<List<HashrateHistory.Sample>>> result = new CompletableFuture<>();
        try {
            ctx.executor().execute(() -> {
                MiningChannel channel = channels.get(channelId);
                result.complete(channel == null ? Optional.empty() : Optional.of(channel.hashrateHistory()));
            });
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with the gateway, and the channel with it.
            result.complete(Optional.empty());
        }
        return result;
    }

    /** Sum of one figure over this connection's channels, from any thread (the hashrate gauges). */
    double sumOverChannels(ToDoubleFunction<MiningChannel> figure) {
        double total = 0;
        for (MiningChannel channel : channelList) {
            total += figure.applyAsDouble(channel);
        }
        return total;
    }

    private void refreshChannelList() {
        channelList = List.copyOf(channels.values());
    }

    void write(ServerToClient message) {
        ChannelHandlerContext ctx = context();
        unflushed = true;
        ctx.write(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    void writeAndFlush(ServerToClient message) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        context().writeAndFlush(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.executor()
                    .schedule(
                            () -> {
                                if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
                                    log.info(
                                            "connection {} from {}: not reading its messages for {} s; closing",
                                            id,
                                            remoteAddress,
                                            UNWRITABLE_GRACE_MILLIS / 1000);
                                    ctx.close();
                                }
                            },
                            UNWRITABLE_GRACE_MILLIS,
                            TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {} from {}: {}", id, remoteAddress, cause.toString());
        ctx.close();
    }

    private ChannelHandlerContext context() {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("handler not added to a pipeline");
        }
        return ctx;
    }

    private static void cancel(@Nullable ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
