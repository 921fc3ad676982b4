package org.reservegrid.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.gateway.block.BlockStore;
import org.reservegrid.gateway.block.BlockSubmitter;
import org.reservegrid.gateway.hashrate.HashrateHistory;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.sharelog.FsyncPolicy;
import org.reservegrid.gateway.sharelog.ShareLog;
import org.reservegrid.gateway.support.Templates;
import org.reservegrid.gateway.template.TemplateEvents;
import org.reservegrid.gateway.work.WorkFactory;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.MessageType;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenMiningChannelError;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionError;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.UnsupportedMiningMessage;
import org.reservegrid.sv2.message.UpdateChannel;
import org.reservegrid.sv2.message.UpdateChannelError;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted;
import org.reservegrid.sv2.netty.noise.NoiseRole;
import tools.jackson.databind.json.JsonMapper;

/** The connection state machine on an EmbeddedChannel, after the Noise handshake (fired as its user event). */
class ConnectionHandlerTests {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private ShareLog shareLog;
    private BlockSubmitter blocks;
    private GatewayMetrics metrics;
    private ChannelRegistry registry;
    private EmbeddedChannel channel;

    private ServerSettings settings(int shareBurst) {
        return new ServerSettings(
                InetAddress.getLoopbackAddress(),
                0,
                18,
                Duration.ofSeconds(60),
                Duration.ofSeconds(300),
                16,
                10,
                Duration.ofSeconds(1),
                1,
                shareBurst,
                100,
                100,
                100,
                1,
                100,
                Set.of("alice"),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    @BeforeEach
    void start() throws Exception {
        shareLog = new ShareLog(dir.resolve("share-log"), 1 << 20, FsyncPolicy.ACK);
        shareLog.open();
        metrics = new GatewayMetrics(new SimpleMeterRegistry());
        blocks = new BlockSubmitter(
                URI.create("http://127.0.0.1:9"), MAPPER, new BlockStore(dir.resolve("blocks.jsonl"), MAPPER), metrics);
        registry = new ChannelRegistry();
        connect(2);
    }

    private void connect(int shareBurst) {
        ChannelServices services =
                new ChannelServices(settings(shareBurst), registry, shareLog, blocks, metrics, new byte[] {1, 2, 3, 4});
        channel = new EmbeddedChannel(new ConnectionHandler(services));
        channel.freezeTime();
        channel.pipeline().fireUserEventTriggered(new NoiseHandshakeCompleted(NoiseRole.RESPONDER, Duration.ZERO));
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
        blocks.close();
        shareLog.close();
    }

    private Sv2Message send(Sv2Message message) {
        channel.writeInbound(message);
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private double protocolErrors(String reason) {
        Counter counter = metrics.registry()
                .find("rg.gateway.protocol.errors")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double rejectedShares(String reason) {
        Counter counter = metrics.registry()
                .find("rg.gateway.shares")
                .tag("outcome", "rejected")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double channelOpens(String result) {
        Counter counter = metrics.registry()
                .find("rg.gateway.channel.opens")
                .tag("result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void setUp() {
        assertThat(send(SetupConnection.mining(0x1, "pool", 3333, "", "", "", "")))
                .isInstanceOf(SetupConnectionSuccess.class);
    }

    @Test
    void setupConnectionIsCheckedLikeTheReferencePool() {
        Sv2Message refused = send(new SetupConnection(
                1, 2, 2, 0, Str0255.of("h"), 1, Str0255.EMPTY, Str0255.EMPTY, Str0255.EMPTY, Str0255.EMPTY));
        assertThat(refused).isEqualTo(new SetupConnectionError(0, "unsupported-protocol"));
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("unsupported_protocol")).isEqualTo(1);

        connect(2);
        assertThat(send(new SetupConnection(
                        0, 3, 4, 0, Str0255.of("h"), 1, Str0255.EMPTY, Str0255.EMPTY, Str0255.EMPTY, Str0255.EMPTY)))
                .isEqualTo(new SetupConnectionError(0, "protocol-version-mismatch"));
        assertThat(protocolErrors("unsupported_protocol_version")).isEqualTo(1);

        connect(2);
        assertThat(send(SetupConnection.mining(0x2, "pool", 3333, "", "", "", "")))
                .isEqualTo(new SetupConnectionError(0x2, "unsupported-feature-flags"));
        assertThat(protocolErrors("unsupported_feature_flags")).isEqualTo(1);
        // Each refusal under its own code, none under another.
        assertThat(protocolErrors("unsupported_protocol")).isEqualTo(1);
        assertThat(protocolErrors("unsupported_protocol_version")).isEqualTo(1);
        assertThat(protocolErrors("frame_decode_error")).isZero();

        connect(2);
        Sv2Message ok = send(SetupConnection.mining(0x5, "pool", 3333, "", "", "", ""));
        assertThat(ok).isInstanceOf(SetupConnectionSuccess.class);
        assertThat(((SetupConnectionSuccess) ok).usedVersion()).isEqualTo(2);
        assertThat(((SetupConnectionSuccess) ok).flags()).isZero();
    }

    @Test
    void anythingBeforeSetupOrASecondSetupClosesTheConnection() {
        assertThat(send(new OpenStandardMiningChannel(1, "alice", 1f, U256.MAX)))
                .isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("message_before_setup")).isEqualTo(1);

        connect(2);
        setUp();
        assertThat(send(SetupConnection.mining(0x1, "pool", 3333, "", "", "", "")))
                .isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("setup_connection_repeated")).isEqualTo(1);

        connect(2);
        setUp();
        assertThat(send(new SetTarget(1, U256.MAX))).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("server_only_message")).isEqualTo(1);

        // Direction is checked first: a server's message before setup is a server-only message too.
        connect(2);
        assertThat(send(new SetupConnectionSuccess(2, 0))).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("server_only_message")).isEqualTo(2);
        assertThat(protocolErrors("message_before_setup")).isEqualTo(1);
        assertThat(protocolErrors("frame_decode_error")).isZero();
    }

    @Test
    void aConnectionThatNeverSetsUpIsClosedAtTheSetupTimeout() {
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        assertThat(protocolErrors("setup_connection_timeout")).isZero();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("setup_connection_timeout")).isEqualTo(1);
    }

    @Test
    void channelRequestsAreCheckedInOrder() {
        setUp();
        assertThat(send(new OpenStandardMiningChannel(1, "eve", 1f, U256.MAX)))
                .isEqualTo(new OpenMiningChannelError(1, "unknown-user"));
        assertThat(send(new OpenStandardMiningChannel(2, "alice.worker", Float.POSITIVE_INFINITY, U256.MAX)))
                .isEqualTo(new OpenMiningChannelError(2, "invalid-nominal-hashrate"));
        assertThat(send(new OpenStandardMiningChannel(3, "alice", 1f, U256.ZERO)))
                .isEqualTo(new OpenMiningChannelError(3, "max-target-out-of-range"));

        U256 maxTarget = Targets.forHashrate(1_000_000, 18);
        Sv2Message opened = send(new OpenStandardMiningChannel(4, "alice", 1f, maxTarget));
        assertThat(opened).isInstanceOf(OpenStandardMiningChannelSuccess.class);
        // The client's max target caps the hashrate-derived one.
        assertThat(((OpenStandardMiningChannelSuccess) opened).target()).isEqualTo(maxTarget);
        assertThat(registry.channelCount()).isEqualTo(1);

        assertThat(send(new OpenStandardMiningChannel(5, "alice", 1f, U256.MAX)))
                .isEqualTo(new OpenMiningChannelError(5, "channel-limit-exceeded"));
        assertThat(metrics.registry()
                        .get("rg.gateway.channel.opens")
                        .tag("result", "miner_unauthorized")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(channelOpens("channel_open_rejected")).isEqualTo(2);
        assertThat(channelOpens("channel_limit_exceeded")).isEqualTo(1);
        assertThat(channelOpens("opened")).isEqualTo(1);
    }

    @Test
    void extendedChannelsAndUnknownChannelsGetTheirErrorMessages() {
        setUp();
        byte[] payload = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(77)
                .putInt(0)
                .array();
        assertThat(send(new UnsupportedMiningMessage(MessageType.OPEN_EXTENDED_MINING_CHANNEL, payload)))
                .isEqualTo(new OpenMiningChannelError(77, "extended-channels-not-supported-for-standard-jobs"));
        assertThat(channelOpens("extended_channel_unsupported")).isEqualTo(1);
        assertThat(send(new UpdateChannel(9, 1f, U256.MAX))).isEqualTo(new UpdateChannelError(9, "invalid-channel-id"));
        assertThat(protocolErrors("channel_not_open")).isEqualTo(1);
        assertThat(send(new SubmitSharesStandard(9, 4, 1, 0, 0, 0)))
                .isEqualTo(new SubmitSharesError(9, 4, "invalid-channel-id"));
        assertThat(rejectedShares("channel_not_open")).isEqualTo(1);
        byte[] extendedShare = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(12)
                .putInt(34)
                .array();
        assertThat(send(new UnsupportedMiningMessage(MessageType.SUBMIT_SHARES_EXTENDED, extendedShare)))
                .isEqualTo(new SubmitSharesError(12, 34, "invalid-channel-id"));
        assertThat(rejectedShares("channel_not_open")).isEqualTo(2);
        assertThat(rejectedShares("share_invalid_job_id")).isZero();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void sharesBeyondTheChannelsRateAreRefused() {
        registry.distribute(new WorkFactory(new byte[] {0x51}, "t")
                .build(new TemplateEvents(MAPPER)
                        .template(
                                Templates.empty(1, 10, Templates.hash(5), Templates.HARD_BITS, 1_000)
                                        .toString(),
                                System.nanoTime())));
        setUp();
        long channelId = ((OpenStandardMiningChannelSuccess)
                        send(new OpenStandardMiningChannel(1, "alice", 1f, U256.MAX)))
                .channelId();
        assertThat((Sv2Message) channel.readOutbound()).isInstanceOf(NewMiningJob.class);
        assertThat((Sv2Message) channel.readOutbound()).isInstanceOf(SetNewPrevHash.class);

        // Burst of 2: two shares are judged (here: too-low ntime), the third is over the rate.
        assertThat(send(new SubmitSharesStandard(channelId, 1, 1, 0, 1, 0x20000000)))
                .isEqualTo(new SubmitSharesError(channelId, 1, "invalid-share"));
        assertThat(send(new SubmitSharesStandard(channelId, 2, 1, 0, 1, 0x20000000)))
                .isEqualTo(new SubmitSharesError(channelId, 2, "invalid-share"));
        assertThat(send(new SubmitSharesStandard(channelId, 3, 1, 0, 1, 0x20000000)))
                .isEqualTo(new SubmitSharesError(channelId, 3, "rate-limited"));
    }

    @Test
    void updateChannelRetargetsWithinTheNewMaximum() {
        setUp();
        long channelId = ((OpenStandardMiningChannelSuccess)
                        send(new OpenStandardMiningChannel(1, "alice", 1f, U256.MAX)))
                .channelId();
        U256 cap = Targets.forHashrate(5_000, 18);
        assertThat(send(new UpdateChannel(channelId, 10f, cap))).isEqualTo(new SetTarget(channelId, cap));
        assertThat(send(new UpdateChannel(channelId, Float.NaN, cap)))
                .isEqualTo(new UpdateChannelError(channelId, "invalid-nominal-hashrate"));
        assertThat(send(new UpdateChannel(channelId, 10f, U256.ZERO)))
                .isEqualTo(new UpdateChannelError(channelId, "max-target-out-of-range"));
        // Bad values on an open channel are answered, not counted.
        assertThat(protocolErrors("channel_not_open")).isZero();
    }

    private Optional<List<HashrateHistory.Sample>> history(long channelId) {
        CompletableFuture<Optional<List<HashrateHistory.Sample>>> answer = registry.hashrateHistory(channelId);
        channel.runPendingTasks();
        return answer.join();
    }

    @Test
    void aChannelsHashrateHistoryIsSampledByItsTicksAndGoesWithTheChannel() {
        setUp();
        long channelId = ((OpenStandardMiningChannelSuccess)
                        send(new OpenStandardMiningChannel(1, "alice", 1f, U256.MAX)))
                .channelId();

        // The opening is the first sample.
        assertThat(history(channelId).orElseThrow()).singleElement().satisfies(sample -> {
            assertThat(sample.declared()).isEqualTo(1f);
            assertThat(sample.measured()).isZero();
            assertThat(sample.settled()).isFalse();
        });
        send(new UpdateChannel(channelId, 2_500f, U256.MAX));
        channel.advanceTimeBy(ConnectionHandler.TICK_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        // The tick recorded the new declared figure (in the same interval, or the next one if it just began).
        assertThat(history(channelId).orElseThrow().getLast().declared()).isEqualTo(2_500f);
        assertThat(history(channelId + 1)).isEmpty();

        send(new CloseChannel(channelId, "done"));
        assertThat(history(channelId)).isEmpty();

        connect(2);
        setUp();
        long reopened = ((OpenStandardMiningChannelSuccess)
                        send(new OpenStandardMiningChannel(2, "alice", 1f, U256.MAX)))
                .channelId();
        assertThat(history(reopened)).isPresent();
        channel.close();
        assertThat(history(reopened)).isEmpty();
    }

    @Test
    void drainingClosesEveryChannelWithShutdownDrainThenTheConnection() {
        setUp();
        long channelId = ((OpenStandardMiningChannelSuccess)
                        send(new OpenStandardMiningChannel(1, "alice", 1f, U256.MAX)))
                .channelId();
        ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
        handler.drain();
        channel.runPendingTasks();
        assertThat((Sv2Message) channel.readOutbound()).isEqualTo(new CloseChannel(channelId, "shutdown_drain"));
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.channelCount()).isZero();
        assertThat(List.of(registry.connectionCount())).containsExactly(0);
        assertThat(history(channelId)).isEmpty();
    }
}
