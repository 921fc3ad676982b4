package org.reservegrid.testkit.stub;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.binary.B032;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenMiningChannelError;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesErrorCode;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.SubmitSharesSuccess;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.Sv2Protocol;
import org.reservegrid.sv2.mining.BlockHeader;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.sv2.netty.codec.Sv2Pipelines;
import org.reservegrid.sv2.netty.noise.NoiseHandler;
import org.reservegrid.sv2.netty.noise.NoiseHandlerSettings;
import org.reservegrid.sv2.netty.noise.NoiseServerHandler;
import org.reservegrid.sv2.noise.ResponderCredentials;

/**
 * A small Stratum V2 pool for tests, built from sv2-protocol's pieces: Noise responder with a certificate from a
 * fresh authority, SetupConnection, standard channels with a future job activated by SetNewPrevHash (as the
 * reference pool does), and share validation in the reference order (stale, unknown job, ntime, target,
 * duplicate). Accepted shares are acknowledged every {@code ackBatchSize} shares, errors at once.
 *
 * <p>Binds 127.0.0.1 on a random port. {@link #newBlock()} moves every channel to a new chain tip.
 */
public final class StubPool implements AutoCloseable {

    /** Regtest's compact network target. */
    public static final long REGTEST_NBITS = 0x207fffffL;

    public static final long JOB_VERSION = 0x2000_0000L;

    /** One submission as the pool judged it. */
    public record Judged(long channelId, long sequenceNumber, String outcome) {}

    /** How the pool behaves; see {@link StubPool#builder()}. */
    public static final class Builder {
        private U256 fixedTarget = U256.MAX;
        private double sharesPerMinute;
        private int ackBatchSize = 1;
        private boolean sendJobs = true;
        private boolean blockOnEveryAcceptedShare;
        private String openChannelError = "";

        private Builder() {}

        /** Every channel gets this target (the default is the easiest, 2^256-1). */
        public Builder target(U256 target) {
            this.fixedTarget = target;
            this.sharesPerMinute = 0;
            return this;
        }

        /** Sizes each channel's target from its declared hash rate, as the reference pool does. */
        public Builder targetForSharesPerMinute(double sharesPerMinute) {
            this.sharesPerMinute = sharesPerMinute;
            return this;
        }

        public Builder ackBatchSize(int size) {
            this.ackBatchSize = size;
            return this;
        }

        /** Without jobs a miner has nothing to work on. */
        public Builder withoutJobs() {
            this.sendJobs = false;
            return this;
        }

        /** Like regtest, where every share is also a block: each accepted share moves every channel to a new tip. */
        public Builder newBlockOnEveryAcceptedShare() {
            this.blockOnEveryAcceptedShare = true;
            return this;
        }

        public Builder refuseChannels(String errorCode) {
            this.openChannelError = errorCode;
            return this;
        }

        public StubPool start() throws InterruptedException {
            return new StubPool(this);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Builder config;
    private final byte[] authorityXOnly;
    private final ResponderCredentials credentials;
    private final MultiThreadIoEventLoopGroup group;
    private final Channel server;
    private final Set<ChannelState> channels = ConcurrentHashMap.newKeySet();
    private final List<Judged> judged = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextChannelId = new AtomicInteger(1);
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicLong submissions = new AtomicLong();
    private volatile Tip tip = new Tip(randomU256(), Instant.now().getEpochSecond());

    private record Tip(U256 prevHash, long minNtime) {}

    private StubPool(Builder config) throws InterruptedException {
        this.config = config;
        byte[] authoritySecret = Secp256k1.generateSecretKey(RANDOM);
        this.authorityXOnly = Secp256k1.xOnlyPublicKey(authoritySecret);
        this.credentials =
                ResponderCredentials.issue(authoritySecret, Instant.now().minusSeconds(5), Duration.ofHours(1), RANDOM);
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        NoiseHandler.NAME,
                                        new NoiseServerHandler(credentials, NoiseHandlerSettings.DEFAULTS));
                        Sv2Pipelines.addAfterNoise(ch.pipeline(), Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
                        ch.pipeline().addLast(new ChannelState());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public byte[] authorityXOnly() {
        return authorityXOnly.clone();
    }

    /** The authority key in the text form the gateway and the reference implementation print. */
    public String authorityPublicKey() {
        return Sv2KeyText.encodeAuthorityPublicKey(authorityXOnly);
    }

    /** Every submission so far, with the pool's verdict ({@code accepted} or the SV2 error code). */
    public List<Judged> judged() {
        return List.copyOf(judged);
    }

    public long submissions() {
        return submissions.get();
    }

    public int openChannels() {
        return channels.size();
    }

    public int handshakes() {
        return handshakes.get();
    }

    /** A new chain tip: every open channel gets a new future job and the SetNewPrevHash activating it. */
    public U256 newBlock() {
        Tip next = new Tip(randomU256(), Instant.now().getEpochSecond());
        tip = next;
        for (ChannelState channel : channels) {
            channel.context().executor().execute(() -> channel.moveTo(next));
        }
        return next.prevHash();
    }

    /** Sends SetTarget to every open channel (jobs activated before keep the target they were activated with). */
    public void setTarget(U256 target) {
        for (ChannelState channel : channels) {
            channel.context().executor().execute(() -> channel.changeTarget(target));
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(1_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    private static U256 randomU256() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return U256.of(bytes);
    }

    /** One connection: at most one standard channel, owned by its event loop. */
    private final class ChannelState extends SimpleChannelInboundHandler<Sv2Message> {
        private record Job(long jobId, U256 merkleRoot, U256 target) {}

        private @Nullable ChannelHandlerContext context;
        private long channelId = -1;
        private U256 target = U256.MAX;
        private long nextJobId = 1;
        private Tip channelTip = tip;
        private final Map<Long, Job> currentJobs = new HashMap<>();
        private final Set<Long> staleJobs = new HashSet<>();
        private final Set<List<Long>> seen = new HashSet<>();
        private final List<Long> unacknowledged = new ArrayList<>();
        private long lastAccepted;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        /** Set once the handler is in its pipeline, before any message or tip change reaches it. */
        private ChannelHandlerContext context() {
            ChannelHandlerContext added = context;
            if (added == null) {
                throw new IllegalStateException("handler not added to a pipeline yet");
            }
            return added;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted) {
                handshakes.incrementAndGet();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Sv2Message message) {
            switch (message) {
                case SetupConnection setup -> ctx.writeAndFlush(new SetupConnectionSuccess(Sv2Protocol.VERSION, 0));
                case OpenStandardMiningChannel open -> open(ctx, open);
                case SubmitSharesStandard share -> judge(ctx, share);
                default -> {
                    // A stub: everything else is ignored.
                }
            }
        }

        private void open(ChannelHandlerContext ctx, OpenStandardMiningChannel open) {
            if (!config.openChannelError.isEmpty()) {
                ctx.writeAndFlush(new OpenMiningChannelError(open.requestId(), config.openChannelError));
                return;
            }
            channelId = nextChannelId.getAndIncrement();
            target = config.sharesPerMinute > 0
                    ? Targets.harder(
                            Targets.forHashrate(open.nominalHashRate(), config.sharesPerMinute), open.maxTarget())
                    : Targets.harder(config.fixedTarget, open.maxTarget());
            byte[] prefix = {
                (byte) (channelId >>> 24), (byte) (channelId >>> 16), (byte) (channelId >>> 8), (byte) channelId
            };
            ctx.write(new OpenStandardMiningChannelSuccess(open.requestId(), channelId, target, B032.of(prefix), 0));
            channels.add(this);
            if (config.sendJobs) {
                moveTo(tip);
            } else {
                ctx.flush();
            }
        }

        void moveTo(Tip next) {
            if (channelId < 0 || !context().channel().isActive()) {
                return;
            }
            staleJobs.addAll(currentJobs.keySet());
            currentJobs.clear();
            seen.clear();
            long jobId = nextJobId++;
            U256 merkleRoot = randomU256();
            context().write(new NewMiningJob(channelId, jobId, OptionalLong.empty(), JOB_VERSION, merkleRoot));
            context()
                    .writeAndFlush(
                            new SetNewPrevHash(channelId, jobId, next.prevHash(), next.minNtime(), REGTEST_NBITS));
            channelTip = next;
            currentJobs.put(jobId, new Job(jobId, merkleRoot, target));
        }

        void changeTarget(U256 newTarget) {
            if (channelId < 0 || !context().channel().isActive()) {
                return;
            }
            target = newTarget;
            context().writeAndFlush(new SetTarget(channelId, newTarget));
        }

        private void judge(ChannelHandlerContext ctx, SubmitSharesStandard share) {
            submissions.incrementAndGet();
            String outcome = outcome(share);
            judged.add(new Judged(share.channelId(), share.sequenceNumber(), outcome));
            if (!outcome.equals("accepted")) {
                ctx.writeAndFlush(new SubmitSharesError(share.channelId(), share.sequenceNumber(), outcome));
                return;
            }
            unacknowledged.add(share.sequenceNumber());
            lastAccepted = share.sequenceNumber();
            if (unacknowledged.size() >= config.ackBatchSize) {
                ctx.writeAndFlush(new SubmitSharesSuccess(channelId, lastAccepted, unacknowledged.size(), 0));
                unacknowledged.clear();
            }
            if (config.blockOnEveryAcceptedShare) {
                newBlock();
            }
        }

        private String outcome(SubmitSharesStandard share) {
            if (share.channelId() != channelId) {
                return SubmitSharesErrorCode.INVALID_CHANNEL_ID.code();
            }
            if (staleJobs.contains(share.jobId())) {
                return SubmitSharesErrorCode.STALE_SHARE.code();
            }
            Job job = currentJobs.get(share.jobId());
            if (job == null) {
                return SubmitSharesErrorCode.INVALID_JOB_ID.code();
            }
            if (share.ntime() < channelTip.minNtime()) {
                return SubmitSharesErrorCode.INVALID_SHARE.code();
            }
            BlockHeader header = new BlockHeader(
                    share.version(),
                    channelTip.prevHash(),
                    job.merkleRoot(),
                    share.ntime(),
                    REGTEST_NBITS,
                    share.nonce());
            if (!Targets.meets(header.hash(), job.target())) {
                return SubmitSharesErrorCode.DIFFICULTY_TOO_LOW.code();
            }
            if (!seen.add(List.of(share.jobId(), share.nonce(), share.ntime(), share.version()))) {
                return SubmitSharesErrorCode.DUPLICATE_SHARE.code();
            }
            return "accepted";
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            channels.remove(this);
            ctx.fireChannelInactive();
        }
    }
}
