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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.gateway.work.WorkFactory;
import org.reservegrid.sv2.binary.B032;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.ChannelEndpointChanged;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.MessageType;
import org.reservegrid.sv2.message.MiningSetupFlag;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenMiningChannelError;
import org.reservegrid.sv2.message.OpenMiningChannelErrorCode;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.Reconnect;
import org.reservegrid.sv2.message.RequestExtensions;
import org.reservegrid.sv2.message.RequestExtensionsError;
import org.reservegrid.sv2.message.RequestExtensionsSuccess;
import org.reservegrid.sv2.message.SetExtranoncePrefix;
import org.reservegrid.sv2.message.SetGroupChannel;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionError;
import org.reservegrid.sv2.message.SetupConnectionErrorCode;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.SubmitSharesSuccess;
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
 * <p>Lifecycle: Noise handshake (the connection may not speak before {@link NoiseHandshakeCompleted}), then exactly
 * one SetupConnection within the setup timeout (Mining protocol, version 2, no work selection), then any number of
 * standard channels. Extended channels and extension negotiation are refused with their error messages. Messages
 * only a server sends, a second SetupConnection or anything before it close the connection. A drain (shutdown)
 * acknowledges what is pending, closes every channel with CloseChannel {@code shutdown_drain} and then the
 * connection. One instance per connection; everything runs on its event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    static final long TICK_MILLIS = 250;
    /** A peer that has not read what we wrote for this long (outbound buffer over its high-water mark) is closed. */
    static final long UNWRITABLE_GRACE_MILLIS = 30_000;

    private enum State {
        HANDSHAKE,
        AWAIT_SETUP,
        READY,
        DRAINING,
        CLOSED
    }

    private final ChannelServices services;
    private final long id;
    private final Map<Long, MiningChannel> channels = new LinkedHashMap<>();
    private State state = State.HANDSHAKE;
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
        state = State.CLOSED;
        cancel(setupTimer);
        stopTicking();
        for (MiningChannel channel : channels.values()) {
            channel.close();
            services.registry().releaseChannel();
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
                if (state == State.HANDSHAKE) {
                    state = State.AWAIT_SETUP;
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
        if (state == State.AWAIT_SETUP) {
            log.info("connection {} from {}: no SetupConnection within the setup timeout; closing", id, remoteAddress);
            context().close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Sv2Message message)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        long now = System.currentTimeMillis();
        switch (message) {
            case SetupConnection setup -> setup(setup);
            case OpenStandardMiningChannel open -> whenReady(message, () -> open(open, now));
            case UpdateChannel update -> whenReady(message, () -> update(update, now));
            case CloseChannel close -> whenReady(message, () -> closeChannel(close));
            case SubmitSharesStandard share -> whenReady(message, () -> share(share, now));
            case RequestExtensions request ->
                whenReady(
                        message,
                        () -> write(new RequestExtensionsError(
                                request.requestId(), request.requestedExtensions(), List.of())));
            case UnsupportedMiningMessage unsupported -> whenReady(message, () -> unsupported(unsupported));
            case SetupConnectionSuccess m -> violation(m);
            case SetupConnectionError m -> violation(m);
            case ChannelEndpointChanged m -> violation(m);
            case Reconnect m -> violation(m);
            case OpenStandardMiningChannelSuccess m -> violation(m);
            case OpenMiningChannelError m -> violation(m);
            case NewMiningJob m -> violation(m);
            case UpdateChannelError m -> violation(m);
            case SetExtranoncePrefix m -> violation(m);
            case SubmitSharesSuccess m -> violation(m);
            case SubmitSharesError m -> violation(m);
            case SetNewPrevHash m -> violation(m);
            case SetTarget m -> violation(m);
            case SetGroupChannel m -> violation(m);
            case RequestExtensionsSuccess m -> violation(m);
            case RequestExtensionsError m -> violation(m);
        }
        ctx.flush();
    }

    private void setup(SetupConnection setup) {
        if (state != State.AWAIT_SETUP) {
            violation(setup);
            return;
        }
        cancel(setupTimer);
        if (setup.protocol() != Sv2Protocol.MINING.code()) {
            refuseSetup(0, SetupConnectionErrorCode.UNSUPPORTED_PROTOCOL, "protocol " + setup.protocol());
            return;
        }
        if (Sv2Protocol.VERSION < setup.minVersion() || Sv2Protocol.VERSION > setup.maxVersion()) {
            refuseSetup(
                    0,
                    SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH,
                    "versions " + setup.minVersion() + ".." + setup.maxVersion());
            return;
        }
        if (MiningSetupFlag.REQUIRES_WORK_SELECTION.isSetIn(setup.flags())) {
            // Work selection needs extended channels and job declaration, which this gateway does not offer.
            refuseSetup(
                    MiningSetupFlag.REQUIRES_WORK_SELECTION.mask(),
                    SetupConnectionErrorCode.UNSUPPORTED_FEATURE_FLAGS,
                    "requires work selection");
            return;
        }
        state = State.READY;
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

    private void refuseSetup(long flags, SetupConnectionErrorCode code, String detail) {
        services.metrics().protocolError(GatewayReason.UNSUPPORTED_PROTOCOL_VERSION);
        log.info("connection {} from {}: SetupConnection refused: {} ({})", id, remoteAddress, code.code(), detail);
        state = State.CLOSED;
        context().writeAndFlush(new SetupConnectionError(flags, code)).addListener(ChannelFutureListener.CLOSE);
    }

    private void whenReady(Sv2Message message, Runnable action) {
        if (state == State.READY || state == State.DRAINING) {
            action.run();
        } else {
            violation(message);
        }
    }

    private void open(OpenStandardMiningChannel open, long now) {
        long requestId = open.requestId();
        String user = open.userIdentity().asString();
        float hashrate = open.nominalHashRate();
        ServerSettings settings = services.settings();
        if (state == State.DRAINING) {
            refuseOpen(requestId, "shutdown-drain", GatewayReason.SHUTDOWN_DRAIN, user);
            return;
        }
        if (channels.size() >= settings.maxChannelsPerConnection()) {
            refuseOpen(requestId, "channel-limit-exceeded", GatewayReason.CHANNEL_LIMIT_EXCEEDED, user);
            return;
        }
        if (!settings.allowed(user)) {
            refuseOpen(
                    requestId, OpenMiningChannelErrorCode.UNKNOWN_USER.code(), GatewayReason.MINER_UNAUTHORIZED, user);
            return;
        }
        if (Float.isNaN(hashrate) || Float.isInfinite(hashrate) || hashrate < 0) {
            refuseOpen(
                    requestId,
                    OpenMiningChannelErrorCode.INVALID_NOMINAL_HASHRATE.code(),
                    GatewayReason.CHANNEL_OPEN_REJECTED,
                    user);
            return;
        }
        if (open.maxTarget().equals(U256.ZERO)) {
            refuseOpen(
                    requestId,
                    OpenMiningChannelErrorCode.MAX_TARGET_OUT_OF_RANGE.code(),
                    GatewayReason.CHANNEL_OPEN_REJECTED,
                    user);
            return;
        }
        if (!services.registry().reserveChannel(settings.maxChannels())) {
            refuseOpen(requestId, "channel-limit-exceeded", GatewayReason.CHANNEL_LIMIT_EXCEEDED, user);
            return;
        }
        long channelId = services.registry().nextChannelId();
        MiningChannel channel = new MiningChannel(
                channelId, this, services, user, extranonce(channelId), hashrate, open.maxTarget(), now);
        channels.put(channelId, channel);
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

    private void refuseOpen(long requestId, String code, GatewayReason reason, String user) {
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
        if (channel == null) {
            write(new UpdateChannelError(update.channelId(), UpdateChannelErrorCode.INVALID_CHANNEL_ID));
            return;
        }
        float hashrate = update.nominalHashRate();
        if (Float.isNaN(hashrate) || Float.isInfinite(hashrate) || hashrate < 0) {
            write(new UpdateChannelError(update.channelId(), UpdateChannelErrorCode.INVALID_NOMINAL_HASHRATE));
            return;
        }
        if (update.maximumTarget().equals(U256.ZERO)) {
            write(new UpdateChannelError(update.channelId(), "max-target-out-of-range"));
            return;
        }
        channel.update(hashrate, update.maximumTarget(), now);
    }

    private void closeChannel(CloseChannel close) {
        MiningChannel channel = channels.remove(close.channelId());
        if (channel != null) {
            channel.flushAcks();
            channel.close();
            services.registry().releaseChannel();
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
            services.metrics().shareRejected(GatewayReason.SHARE_INVALID_JOB_ID);
            write(new SubmitSharesError(share.channelId(), share.sequenceNumber(), "invalid-channel-id"));
            return;
        }
        channel.onShare(share, now);
    }

    private void unsupported(UnsupportedMiningMessage message) {
        if (message.messageType() == MessageType.OPEN_EXTENDED_MINING_CHANNEL) {
            services.metrics().channelOpen(GatewayReason.EXTENDED_CHANNEL_UNSUPPORTED.code());
            log.info("connection {} from {}: extended channel refused", id, remoteAddress);
            write(new OpenMiningChannelError(
                    message.leadingId(), OpenMiningChannelErrorCode.EXTENDED_CHANNELS_NOT_SUPPORTED_FOR_STANDARD_JOBS));
        } else if (message.messageType() == MessageType.SUBMIT_SHARES_EXTENDED) {
            byte[] payload = message.payload();
            long sequence = payload.length >= 8
                    ? ByteBuffer.wrap(payload, 4, 4)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .getInt()
                            & 0xffff_ffffL
                    : 0;
            services.metrics().shareRejected(GatewayReason.SHARE_INVALID_JOB_ID);
            write(new SubmitSharesError(message.leadingId(), sequence, "invalid-channel-id"));
        } else {
            log.info("connection {} from {}: ignoring {}", id, remoteAddress, message.messageType());
        }
    }

    private void violation(Sv2Message message) {
        services.metrics().protocolError(GatewayReason.FRAME_DECODE_ERROR);
        log.info(
                "connection {} from {}: unexpected {} in state {}; closing",
                id,
                remoteAddress,
                message.messageType(),
                state);
        state = State.CLOSED;
        context().close();
    }

    /** Takes released work on this connection's event loop. */
    void offer(Distribution distribution) {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (state != State.READY || channels.isEmpty()) {
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
        if (state != State.READY) {
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

    /**
     * Shutdown: refuses new channels and shares, acknowledges what is pending once durable, then sends CloseChannel
     * {@code shutdown_drain} for every channel and closes the connection.
     */
    void drain() {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (state == State.CLOSED || state == State.DRAINING) {
                return;
            }
            State previous = state;
            state = State.DRAINING;
            stopTicking();
            if (previous != State.READY) {
                ctx.close();
                return;
            }
            long lastTicket = -1;
            List<Long> ids = new ArrayList<>(channels.keySet());
            for (MiningChannel channel : channels.values()) {
                channel.flushAcks();
                lastTicket = Math.max(lastTicket, channel.lastTicket());
                channel.close();
                services.registry().releaseChannel();
            }
            channels.clear();
            refreshChannelList();
            Runnable closeAll = () -> {
                ChannelFuture last = null;
                for (long channelId : ids) {
                    last = ctx.write(new CloseChannel(channelId, GatewayReason.SHUTDOWN_DRAIN.code()));
                }
                ctx.flush();
                if (last == null) {
                    ctx.close();
                } else {
                    last.addListener(ChannelFutureListener.CLOSE);
                }
            };
            if (lastTicket < 0) {
                closeAll.run();
            } else {
                // Acknowledgements queued by flushAcks run first: the share log releases waiters in order.
                services.shareLog().whenDurable(lastTicket, ctx.executor(), closeAll);
            }
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

    void write(Sv2Message message) {
        ChannelHandlerContext ctx = context();
        unflushed = true;
        ctx.write(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    void writeAndFlush(Sv2Message message) {
        if (state == State.CLOSED) {
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
