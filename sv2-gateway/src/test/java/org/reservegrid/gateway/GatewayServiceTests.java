package org.reservegrid.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.gateway.support.Templates;
import org.reservegrid.gateway.support.TestMiner;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenMiningChannelError;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.RequestExtensions;
import org.reservegrid.sv2.message.RequestExtensionsError;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesSuccess;
import org.reservegrid.sv2.message.UpdateChannel;
import org.reservegrid.sv2.message.UpdateChannelError;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.stub.StubTemplateManager;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway as it runs: the real application on random ports, a stub template-manager over real HTTP (stream and
 * submit-block), and a Java SV2 miner over Noise NX on real sockets. The tests run in order against one gateway and
 * share its state (a miner opens a channel, mines, finds a block, the gateway drains).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayServiceTests {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String PAYOUT = InProcessGatewayEnvironment.PAYOUT_SCRIPT;
    private static final long CURTIME = System.currentTimeMillis() / 1000;
    private static final long VERSION = 0x2000_0000L;
    /** An answer that never comes fails its test instead of hanging the suite. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static StubTemplateManager templateManager;
    private static ConfigurableApplicationContext app;
    private static String base;
    private static int sv2Port;
    private static byte[] authority;
    private static TestMiner miner;
    private static long channelId;
    private static NewMiningJob job;
    private static SetNewPrevHash tip;
    private static long sequence;

    @BeforeAll
    static void start() throws IOException {
        templateManager = new StubTemplateManager();
        Map<String, Object> env = InProcessGatewayEnvironment.observe(templateManager.url(), dataDir);
        env.put("VELDRA_GATEWAY_SHARE_BATCH_SIZE", "2");
        env.put("VELDRA_GATEWAY_SHARE_ACK_FLUSH_SECS", "0.3");
        env.put("VELDRA_GATEWAY_ALLOWED_MINERS", "alice,bob");
        env.put("VELDRA_GATEWAY_MAX_CHANNELS_PER_CONNECTION", "2");
        app = GatewayApplication.application().properties(env).run();
        base = "http://127.0.0.1" + ":"
                + ((ReactiveWebServerApplicationContext) app).getWebServer().getPort();
        sv2Port = app.getBean(Sv2Server.class).port();
    }

    @AfterAll
    static void stop() {
        if (miner != null) {
            miner.close();
        }
        if (app != null) {
            app.close();
        }
        templateManager.close();
    }

    @Test
    @Order(1)
    void isNotReadyUntilTheFirstTemplateArrivesAndServesItsNoiseKey() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        assertThat(json("/ready").get("reasons").get(0).asString()).startsWith("no_template_yet");
        assertThat(json("/ready").at("/checks/template/reason").asString()).isEqualTo("no_template_yet");
        assertThat(json("/ready").at("/checks/share_log/status").asString()).isEqualTo("up");
        assertThat(json("/health").get("service").asString()).isEqualTo("sv2-gateway");

        JsonNode noise = json("/api/noise");
        assertThat(noise.get("source").asString()).isEqualTo("generated");
        assertThat(noise.get("sv2_port").asInt()).isEqualTo(sv2Port);
        authority = Sv2KeyText.decodeAuthorityPublicKey(
                noise.get("authority_public_key").asString());
        assertThat(Files.exists(dataDir.resolve("noise/server.cert"))).isTrue();

        templateManager.publishTemplate(
                1,
                Templates.empty(1, 200, Templates.hash(0xaa), Templates.HARD_BITS, CURTIME)
                        .toString());
        Await.until("ready", () -> get("/ready").statusCode() == 200);
        assertThat(json("/api/stats")
                        .get("template")
                        .get("distributed_sequence")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void aMinerSetsUpOpensAChannelAndGetsAFutureJobThenItsPrevHash() throws Exception {
        miner = new TestMiner(sv2Port, authority);
        assertThat(miner.awaitHandshake(10)).isTrue();
        miner.send(SetupConnection.mining(0x1, "127.0.0.1", sv2Port, "test", "hw", "fw", "dev"));
        SetupConnectionSuccess setup = miner.expect(SetupConnectionSuccess.class);
        assertThat(setup.usedVersion()).isEqualTo(2);

        miner.send(new OpenStandardMiningChannel(7, "alice.rig1", 1.0f, U256.MAX));
        OpenStandardMiningChannelSuccess success = miner.expect(OpenStandardMiningChannelSuccess.class);
        assertThat(success.requestId()).isEqualTo(7);
        assertThat(success.extranoncePrefix().length()).isEqualTo(8);
        assertThat(success.target()).isEqualTo(Targets.forHashrate(1.0, 18));
        channelId = success.channelId();

        job = miner.expect(NewMiningJob.class);
        assertThat(job.channelId()).isEqualTo(channelId);
        assertThat(job.jobId()).isEqualTo(1);
        assertThat(job.isFutureJob()).isTrue();
        assertThat(job.version()).isEqualTo(VERSION);
        tip = miner.expect(SetNewPrevHash.class);
        assertThat(tip.jobId()).isEqualTo(1);
        assertThat(tip.minNtime()).isEqualTo(CURTIME);
        assertThat(tip.nbits()).isEqualTo(0x1d00ffffL);
        assertThat(tip.prevHash()).isEqualTo(U256.fromHex(Templates.hash(0xaa)));
    }

    @Test
    @Order(3)
    void validSharesAreAcknowledgedInBatchesAndLogged() throws Exception {
        U256 target = Targets.forHashrate(1.0, 18);
        long first = TestMiner.grind(job, tip, CURTIME, VERSION, target, true);
        long second = TestMiner.grind(job, tip, CURTIME + 1, VERSION, target, true);
        miner.send(TestMiner.share(channelId, ++sequence, job, first, CURTIME, VERSION));
        miner.send(TestMiner.share(channelId, ++sequence, job, second, CURTIME + 1, VERSION));

        SubmitSharesSuccess batch = miner.expect(SubmitSharesSuccess.class);
        assertThat(batch.channelId()).isEqualTo(channelId);
        assertThat(batch.lastSequenceNumber()).isEqualTo(sequence);
        assertThat(batch.newSubmitsAcceptedCount()).isEqualTo(2);
        assertThat(batch.newSharesSum()).isEqualTo((long) Math.floor(2 * Targets.difficulty(target)));

        // A lone share is acknowledged by the flush timer (0.3 s) rather than waiting for a full batch.
        long third = TestMiner.grind(job, tip, CURTIME + 2, VERSION, target, true);
        miner.send(TestMiner.share(channelId, ++sequence, job, third, CURTIME + 2, VERSION));
        SubmitSharesSuccess lone = miner.expect(SubmitSharesSuccess.class);
        assertThat(lone.newSubmitsAcceptedCount()).isEqualTo(1);
        assertThat(lone.lastSequenceNumber()).isEqualTo(sequence);

        List<String> lines = Files.readAllLines(dataDir.resolve("share-log/shares-000001.jsonl"));
        assertThat(lines).hasSize(3);
        JsonNode line = MAPPER.readTree(lines.get(2));
        assertThat(line.get("seq").asLong()).isEqualTo(3);
        assertThat(line.get("user").asString()).isEqualTo("alice.rig1");
        assertThat(line.get("nonce").asLong()).isEqualTo(third);
        assertThat(line.get("block").asBoolean()).isFalse();

        JsonNode channel = json("/api/channels").get("channels").get(0);
        assertThat(channel.get("channel_id").asLong()).isEqualTo(channelId);
        assertThat(channel.get("user_identity").asString()).isEqualTo("alice.rig1");
        assertThat(channel.get("accepted").asLong()).isEqualTo(3);
        assertThat(channel.get("declared_hashrate").asDouble()).isEqualTo(1.0);
        assertThat(channel.get("measured_hashrate").asDouble()).isPositive();
        assertThat(channel.get("settled").asBoolean()).isFalse();
        assertThat(channel.get("remote_address").asString()).startsWith("127.0.0.1:");
        assertThat(channel.get("last_share_at").asLong()).isPositive();

        // The hashrate history: sampled by the channel's ticks (every 250 ms), one sample per 10 s interval.
        Await.until(
                "the history's newest sample measures the accepted shares",
                () -> newestSample(channelId).get("measured").asDouble() > 0);
        HttpResponse<String> response = get("/api/channels/" + channelId + "/hashrate");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode history = MAPPER.readTree(response.body());
        assertThat(history.propertyNames()).containsExactly("channel_id", "interval_secs", "samples");
        assertThat(history.get("channel_id").asLong()).isEqualTo(channelId);
        assertThat(history.get("interval_secs").asLong()).isEqualTo(10);
        JsonNode samples = history.get("samples");
        JsonNode newest = samples.get(samples.size() - 1);
        assertThat(newest.propertyNames()).containsExactly("at", "declared", "measured", "settled");
        assertThat(newest.get("declared").asDouble()).isEqualTo(1.0);
        assertThat(newest.get("settled").asBoolean()).isFalse();
        assertThat(newest.get("at").asLong() % 10_000).isZero();
        assertThat(newest.get("at").asLong())
                .isBetween(System.currentTimeMillis() - 20_000, System.currentTimeMillis());
        assertThat(samples.get(0).get("at").asLong())
                .isGreaterThanOrEqualTo(channel.get("opened_at").asLong() / 10_000 * 10_000);
    }

    @Test
    @Order(4)
    void badSharesGetTheReferencePoolsErrorCodes() throws Exception {
        U256 target = Targets.forHashrate(1.0, 18);
        long good = TestMiner.grind(job, tip, CURTIME + 3, VERSION, target, true);
        long low = TestMiner.grind(job, tip, CURTIME + 3, VERSION, target, false);

        assertThat(reject(new org.reservegrid.sv2.message.SubmitSharesStandard(
                        channelId, ++sequence, 99, good, CURTIME + 3, VERSION)))
                .isEqualTo("invalid-job-id");
        assertThat(reject(TestMiner.share(channelId, ++sequence, job, low, CURTIME + 3, VERSION)))
                .isEqualTo("difficulty-too-low");
        assertThat(reject(TestMiner.share(channelId, ++sequence, job, good, CURTIME - 1, VERSION)))
                .isEqualTo("invalid-share");
        assertThat(reject(TestMiner.share(channelId, ++sequence, job, good, CURTIME + 3, VERSION | 0x1)))
                .isEqualTo("invalid-non-rollable-version-bit");
        assertThat(reject(TestMiner.share(channelId + 100, ++sequence, job, good, CURTIME + 3, VERSION)))
                .isEqualTo("invalid-channel-id");
        // The first (third share above, sequence 3) was accepted; sending it again is a duplicate.
        long third = TestMiner.grind(job, tip, CURTIME + 2, VERSION, target, true);
        assertThat(reject(TestMiner.share(channelId, ++sequence, job, third, CURTIME + 2, VERSION)))
                .isEqualTo("duplicate-share");

        JsonNode rejects = json("/api/channels").get("channels").get(0).get("rejects");
        assertThat(rejects.get("share_invalid_job_id").asLong()).isEqualTo(1);
        assertThat(rejects.get("share_difficulty_below_target").asLong()).isEqualTo(1);
        assertThat(rejects.get("ntime_out_of_range").asLong()).isEqualTo(1);
        assertThat(rejects.get("version_bit_violation").asLong()).isEqualTo(1);
        assertThat(rejects.get("share_replay_detected").asLong()).isEqualTo(1);
        JsonNode rejected = json("/api/stats").get("shares").get("rejected");
        assertThat(rejected.get("share_invalid_job_id").asLong()).isEqualTo(1);
        // The share for a channel that is not open is out of state, counted apart from the channel's own rejects.
        assertThat(rejected.get("channel_not_open").asLong()).isEqualTo(1);
        assertThat(rejects.has("channel_not_open")).isFalse();
    }

    @Test
    @Order(5)
    void channelRequestsTheGatewayRefusesGetTheirErrors() throws Exception {
        miner.send(new OpenStandardMiningChannel(8, "mallory", 1.0f, U256.MAX));
        assertThat(miner.expect(OpenMiningChannelError.class).errorCode().asString())
                .isEqualTo("unknown-user");
        miner.send(new OpenStandardMiningChannel(9, "bob", Float.NaN, U256.MAX));
        assertThat(miner.expect(OpenMiningChannelError.class).errorCode().asString())
                .isEqualTo("invalid-nominal-hashrate");
        miner.send(new OpenStandardMiningChannel(10, "bob", -5f, U256.MAX));
        assertThat(miner.expect(OpenMiningChannelError.class).errorCode().asString())
                .isEqualTo("invalid-nominal-hashrate");
        miner.send(new RequestExtensions(3, List.of(2, 3)));
        RequestExtensionsError extensions = miner.expect(RequestExtensionsError.class);
        assertThat(extensions.requestId()).isEqualTo(3);
        assertThat(extensions.unsupportedExtensions()).containsExactly(2, 3);

        miner.send(new OpenStandardMiningChannel(11, "bob", 1.0f, U256.MAX));
        long second = miner.expect(OpenStandardMiningChannelSuccess.class).channelId();
        miner.skipTo(SetNewPrevHash.class);
        miner.send(new OpenStandardMiningChannel(12, "bob", 1.0f, U256.MAX));
        assertThat(miner.expect(OpenMiningChannelError.class).errorCode().asString())
                .isEqualTo("channel-limit-exceeded");
        assertThat(get("/api/channels/" + second + "/hashrate").statusCode()).isEqualTo(200);
        miner.send(new CloseChannel(second, "done"));
        // The history goes with the channel.
        Await.until(
                "the closed channel's history is gone",
                () -> get("/api/channels/" + second + "/hashrate").statusCode() == 404);
        assertThat(json("/api/channels/" + second + "/hashrate").get("error").asString())
                .isEqualTo("not_found");

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("rg_gateway_channel_opens_total{result=\"miner_unauthorized\"} 1.0");
        assertThat(metrics).contains("rg_gateway_channel_opens_total{result=\"channel_limit_exceeded\"} 1.0");
        assertThat(metrics).contains("rg_gateway_channel_opens_total{result=\"channel_open_rejected\"} 2.0");
    }

    @Test
    @Order(6)
    void updateChannelIsAlwaysAnsweredWithSetTarget() throws Exception {
        miner.send(new UpdateChannel(channelId, 1000f, U256.MAX));
        SetTarget target = miner.expect(SetTarget.class);
        assertThat(target.channelId()).isEqualTo(channelId);
        assertThat(target.maximumTarget()).isEqualTo(Targets.forHashrate(1000, 18));
        // Back to the easy target for the rest of the run.
        miner.send(new UpdateChannel(channelId, 1f, U256.MAX));
        assertThat(miner.expect(SetTarget.class).maximumTarget()).isEqualTo(Targets.forHashrate(1.0, 18));
        JsonNode channel = json("/api/channels").get("channels").get(0);
        assertThat(channel.get("declared_hashrate").asDouble()).isEqualTo(1.0);
        // A channel that is not open: answered, and counted as out of state.
        miner.send(new UpdateChannel(channelId + 100, 1f, U256.MAX));
        assertThat(miner.expect(UpdateChannelError.class).errorCode().asString())
                .isEqualTo("invalid-channel-id");
    }

    @Test
    @Order(7)
    void aFreshTemplateOnTheSameTipIsAnActiveJobAndANewTipMakesOldJobsStale() throws Exception {
        templateManager.publishTemplate(
                2,
                Templates.empty(2, 200, Templates.hash(0xaa), Templates.HARD_BITS, CURTIME + 5)
                        .put("coinbase_value", 5_000_001_000L)
                        .toString());
        NewMiningJob sameTip = miner.expect(NewMiningJob.class);
        assertThat(sameTip.jobId()).isEqualTo(2);
        assertThat(sameTip.minNtime()).hasValue(CURTIME + 5);
        assertThat(sameTip.merkleRoot()).isNotEqualTo(job.merkleRoot());

        templateManager.publishTemplate(
                3,
                Templates.empty(3, 201, Templates.hash(0xbb), Templates.HARD_BITS, CURTIME + 10)
                        .toString());
        NewMiningJob future = miner.expect(NewMiningJob.class);
        assertThat(future.jobId()).isEqualTo(3);
        assertThat(future.isFutureJob()).isTrue();
        SetNewPrevHash newTip = miner.expect(SetNewPrevHash.class);
        assertThat(newTip.jobId()).isEqualTo(3);
        assertThat(newTip.prevHash()).isEqualTo(U256.fromHex(Templates.hash(0xbb)));

        U256 target = Targets.forHashrate(1.0, 18);
        long old = TestMiner.grind(job, tip, CURTIME + 20, VERSION, target, true);
        assertThat(reject(TestMiner.share(channelId, ++sequence, job, old, CURTIME + 20, VERSION)))
                .isEqualTo("stale-share");
        job = future;
        tip = newTip;
    }

    @Test
    @Order(8)
    void aShareBelowTheNetworkTargetIsABlockSubmittedThroughTemplateManager() throws Exception {
        String event = Templates.fromGbtFixture(4, "core-regtest-h506-4tx.json").toString();
        templateManager.publishTemplate(4, event);
        job = miner.expect(NewMiningJob.class);
        tip = miner.expect(SetNewPrevHash.class);
        assertThat(tip.nbits()).isEqualTo(0x207fffffL);

        long ntime = tip.minNtime();
        long nonce = TestMiner.grind(job, tip, ntime, job.version(), Targets.fromCompact(tip.nbits()), true);
        miner.send(TestMiner.share(channelId, ++sequence, job, nonce, ntime, job.version()));
        SubmitSharesSuccess success = miner.expect(SubmitSharesSuccess.class);
        assertThat(success.lastSequenceNumber()).isEqualTo(sequence);
        assertThat(success.newSubmitsAcceptedCount()).isEqualTo(1);

        String submitted = templateManager.nextSubmission(10);
        assertThat(submitted).isNotNull();
        byte[] bytes =
                HexFormat.of().parseHex(MAPPER.readTree(submitted).get("hex").asString());
        Block block = Block.read(ByteBuffer.wrap(bytes));
        assertThat(block.getTransactions()).hasSize(5);
        assertThat(block.getPrevBlockHash().toString())
                .isEqualTo(MAPPER.readTree(event).get("prev_hash").asString());
        assertThat(block.getMerkleRoot())
                .isEqualTo(Sha256Hash.wrapReversed(job.merkleRoot().bytes()));
        assertThat(block.getNonce()).isEqualTo(nonce);
        assertThat(block.getHash().toBigInteger())
                .isLessThanOrEqualTo(Targets.fromCompact(tip.nbits()).toBigInteger());
        Transaction coinbase = block.getTransactions().get(0);
        assertThat(coinbase.isCoinBase()).isTrue();
        assertThat(HexFormat.of().formatHex(coinbase.getOutput(0).getScriptBytes()))
                .isEqualTo(PAYOUT);
        assertThat(coinbase.getOutput(0).getValue().value)
                .isEqualTo(MAPPER.readTree(event).get("coinbase_value").asLong());
        // The node's own commitment output, and the witness reserved value that goes with it.
        assertThat(HexFormat.of().formatHex(coinbase.getOutput(1).getScriptBytes()))
                .isEqualTo(MAPPER.readTree(event)
                        .get("default_witness_commitment")
                        .get("given")
                        .asString());
        assertThat(coinbase.hasWitnesses()).isTrue();

        Await.until(
                "block recorded as accepted",
                () -> "accepted"
                        .equals(json("/api/blocks")
                                .get("blocks")
                                .get(0)
                                .get("result")
                                .asString()));
        JsonNode recorded = json("/api/blocks").get("blocks").get(0);
        assertThat(recorded.get("hash").asString()).isEqualTo(block.getHashAsString());
        assertThat(recorded.get("height").asLong()).isEqualTo(506);
        assertThat(recorded.get("channel_id").asLong()).isEqualTo(channelId);
        assertThat(get("/metrics").body()).contains("rg_gateway_blocks_total{result=\"accepted\"} 1.0");
        assertThat(Files.readString(dataDir.resolve("blocks.jsonl"))).contains(block.getHashAsString());
    }

    @Test
    @Order(9)
    void metricsAndStatsCoverConnectionsSharesFanOutAndTheMode() throws Exception {
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("rg_gateway_connections 1.0");
        assertThat(metrics).contains("rg_gateway_channels 1.0");
        assertThat(metrics).contains("rg_gateway_shares_total{outcome=\"block\",reason=\"none\"} 1.0");
        assertThat(metrics).contains("rg_gateway_shares_total{outcome=\"rejected\",reason=\"share_invalid_job_id\"}");
        // The out-of-state share (order 4) and UpdateChannel (order 6) for a channel that is not open.
        assertThat(metrics).contains("rg_gateway_shares_total{outcome=\"rejected\",reason=\"channel_not_open\"} 1.0");
        assertThat(metrics).contains("rg_gateway_protocol_errors_total{reason=\"channel_not_open\"} 1.0");
        assertThat(metrics).contains("rg_gateway_job_fanout_seconds_count");
        assertThat(metrics).contains("rg_gateway_mode_distributed_total 4.0");
        assertThat(metrics).contains("rg_gateway_hashrate_hashes_per_second{kind=\"declared\"} 1.0");

        JsonNode stats = json("/api/stats");
        assertThat(stats.get("mode").asString()).isEqualTo("observe");
        assertThat(stats.get("shares").get("accepted").asLong()).isEqualTo(4);
        assertThat(stats.get("shares").get("blocks").asLong()).isEqualTo(1);
        assertThat(stats.get("share_log").get("durable_sequence").asLong()).isEqualTo(4);
        assertThat(stats.get("template").get("witness_commitment").asString()).isEqualTo("given");
        assertThat(stats.get("mode_settings").toString())
                .isEqualTo(
                        "{\"mode\":\"observe\",\"stale_hold_ms\":30000,\"prevhash_window_ms\":50,\"prevhash_slots\":2}");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(10)
    void aRejectingVerdictIsCountedAsAHoldObserveWouldHaveMade() throws Exception {
        templateManager.publishVerdict(4, Templates.verdict(4, false, "avg_fee_below_minimum"));
        Await.until(
                "would-hold counted",
                () -> json("/api/stats")
                                .get("mode_counters")
                                .get("would_have_held")
                                .asLong()
                        == 1);
        assertThat(get("/metrics").body()).contains("rg_gateway_mode_would_hold_total 1.0");
    }

    @Test
    @Order(10)
    void theHttpApiAnswersInItsOwnContentTypesAndTheSharedErrorShape() throws Exception {
        HttpResponse<String> unknown = send("GET", "/nope", "*/*");
        HttpResponse<String> wrongMethod = send("POST", "/api/stats", "*/*");
        HttpResponse<String> channels = send("GET", "/api/channels", "text/html");
        HttpResponse<String> metrics = send("GET", "/metrics", "application/json");
        HttpResponse<String> openApi = send("GET", "/api/openapi.yaml", "*/*");
        HttpResponse<String> notAChannelId = send("GET", "/api/channels/abc/hashrate", "*/*");
        HttpResponse<String> noSuchChannel = send("GET", "/api/channels/99999/hashrate", "text/html");

        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(unknown.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"no such endpoint: GET /nope\"}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(MAPPER.readTree(wrongMethod.body()).get("error").asString()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertThat(channels.statusCode()).isEqualTo(200);
        assertThat(channels.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(MAPPER.readTree(channels.body()).get("count").asInt()).isEqualTo(1);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain;version=0.0.4;charset=utf-8");
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body())
                .contains("/api/channels")
                .contains("/api/stats")
                .contains("/api/blocks")
                .contains("/api/noise")
                .contains("/api/channels/{channel_id}/hashrate");
        assertThat(notAChannelId.statusCode()).isEqualTo(400);
        assertThat(notAChannelId.body())
                .isEqualTo(
                        "{\"error\":\"invalid_parameter\",\"message\":\"the channel id must be a number, got 'abc'\"}");
        assertThat(noSuchChannel.statusCode()).isEqualTo(404);
        assertThat(noSuchChannel.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(noSuchChannel.body())
                .isEqualTo("{\"error\":\"not_found\",\"message\":\"no channel 99999 is open\"}");
    }

    @Test
    @Order(11)
    void shutdownDrainsAndClosesEveryChannelWithShutdownDrain() throws Exception {
        app.close();
        CloseChannel close = miner.skipTo(CloseChannel.class);
        assertThat(close.channelId()).isEqualTo(channelId);
        assertThat(close.reasonCode().asString()).isEqualTo("shutdown_drain");
        assertThat(miner.awaitClosed(10)).isTrue();
        app = null;
    }

    private static String reject(org.reservegrid.sv2.message.SubmitSharesStandard share) throws Exception {
        miner.send(share);
        SubmitSharesError error = miner.expect(SubmitSharesError.class);
        assertThat(error.sequenceNumber()).isEqualTo(share.sequenceNumber());
        return error.errorCode().asString();
    }

    private static JsonNode newestSample(long channel) {
        JsonNode samples = json("/api/channels/" + channel + "/hashrate").get("samples");
        return samples.get(samples.size() - 1);
    }

    private static HttpResponse<String> get(String path) {
        try {
            return exchange(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(REQUEST_TIMEOUT)
                    .build());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String accept) throws Exception {
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /**
     * One request on a connection of its own. A kept-alive connection that the server closes while idle can take the
     * next request into a stall on the client's side (seen here as requests that timed out with the server idle);
     * a fresh connection per request keeps these tests about the gateway, not about connection reuse.
     */
    private static HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode json(String path) {
        return MAPPER.readTree(get(path).body());
    }
}
