package org.reservegrid.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.ProtocolError;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerifierMessage;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.verifier.support.FakeTemplateManager;
import org.reservegrid.verifier.support.Proposals;
import org.reservegrid.verifier.support.Repo;
import org.reservegrid.verifier.support.VerifierClient;
import org.reservegrid.verifier.tcp.TcpServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole service on random ports with real sockets: TCP verdicts, framing errors, every HTTP endpoint, and
 * authentication without loopback bypass ({@code VELDRA_API_LOCALHOST_BYPASS=0}, a secret configured).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.config.name=" + PoolVerifierApplication.NAME)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolVerifierEndToEndTests {
    private static final String SECRET = "e2e-secret-7f3a9c";
    private static final int MAX_FRAME = 64 * 1024;
    private static final Path DIR;
    private static final FakeTemplateManager TEMPLATE_MANAGER;

    static {
        try {
            DIR = Files.createTempDirectory("pool-verifier-e2e");
            TEMPLATE_MANAGER = new FakeTemplateManager(10);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) throws IOException {
        Path policy = Repo.copyPolicy(DIR.resolve("config"));
        registry.add("VELDRA_VERIFIER_TCP_PORT", () -> "0");
        registry.add("VELDRA_VERIFIER_HTTP_PORT", () -> "0");
        registry.add("VELDRA_VERIFIER_MAX_FRAME_BYTES", () -> Integer.toString(MAX_FRAME));
        registry.add("VELDRA_POLICY_FILE", policy::toString);
        registry.add("VELDRA_DATA_DIR", () -> DIR.resolve("data").toString());
        registry.add("VELDRA_TEMPLATE_MANAGER_URL", TEMPLATE_MANAGER::url);
        registry.add("VELDRA_MEMPOOL_POLL_SECS", () -> "0.2");
        registry.add("VELDRA_MEMPOOL_STALE_SECS", () -> "30");
        registry.add("VELDRA_API_SECRET", () -> SECRET);
        registry.add("VELDRA_API_LOCALHOST_BYPASS", () -> "0");
    }

    @AfterAll
    static void stopTemplateManager() {
        TEMPLATE_MANAGER.close();
    }

    @Autowired
    TcpServer tcp;

    @LocalServerPort
    int httpPort;

    private Http http() {
        return new Http("http://127.0.0.1:" + httpPort);
    }

    @Test
    @Order(1)
    void pipelinedProposalsAreAnsweredById() throws IOException, InterruptedException {
        // The tier comes from the polled mempool; until the first poll lands the verifier judges in the hi
        // tier (unknown_mempool_as_high), so wait for readiness, which includes a fresh mempool reading.
        assertThat(awaitStatus(http(), "/ready", 200).status()).isEqualTo(200);
        int count = 40;
        Map<Long, TemplateVerdict> verdicts = new HashMap<>();
        try (VerifierClient client = VerifierClient.connect(tcp.port())) {
            for (long id = 1; id <= count; id++) {
                client.send(id % 2 == 0 ? Proposals.lowFee(id) : Proposals.passing(id));
            }
            client.flush();
            for (int i = 0; i < count; i++) {
                VerifierMessage message = client.receive();
                assertThat(message).isInstanceOf(TemplateVerdict.class);
                TemplateVerdict verdict = (TemplateVerdict) message;
                verdicts.put(verdict.requestId(), verdict);
            }
        }
        assertThat(verdicts).hasSize(count);
        for (long id = 1; id <= count; id++) {
            TemplateVerdict verdict = verdicts.get(id);
            if (id % 2 == 0) {
                assertThat(verdict.accepted()).as("verdict %d", id).isFalse();
                assertThat(verdict.reasonCode()).isEqualTo(VerdictReason.AVG_FEE_BELOW_MINIMUM);
                assertThat(verdict.context().tier().text()).isEqualTo("mid");
            } else {
                assertThat(verdict.accepted()).as("verdict %d", id).isTrue();
            }
            assertThat(verdict.context().policyVersion()).isEqualTo(1);
            assertThat(verdict.context().policyHash()).hasSize(64);
        }
    }

    @Test
    @Order(2)
    void oversizedFrameGetsFrameTooLargeThenClose() throws IOException {
        try (VerifierClient client = VerifierClient.connect(tcp.port())) {
            client.sendRaw(ByteBuffer.allocate(8)
                    .putInt(MAX_FRAME + 1)
                    .putShort((short) 0x0101)
                    .array());

            VerifierMessage message = client.receive();

            assertThat(message)
                    .isInstanceOfSatisfying(
                            ProtocolError.class,
                            error -> assertThat(error.reason()).isEqualTo(GatewayReason.FRAME_TOO_LARGE));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    @Order(3)
    void garbageFrameGetsFrameDecodeErrorThenClose() throws IOException {
        try (VerifierClient client = VerifierClient.connect(tcp.port())) {
            client.sendRaw(new byte[] {0, 0, 0, 6, 99, 1, 'j', 'u', 'n', 'k'});

            VerifierMessage message = client.receive();

            assertThat(message)
                    .isInstanceOfSatisfying(
                            ProtocolError.class,
                            error -> assertThat(error.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    @Order(4)
    void healthReadinessAndMetricsReportTheService() throws InterruptedException {
        Http http = http();
        assertThat(http.get("/health").json().get("status").asString()).isEqualTo("up");
        HttpResult ready = awaitStatus(http, "/ready", 200);
        assertThat(ready.json().get("ready").asBoolean()).isTrue();

        String metrics = http.get("/metrics").body();
        assertThat(metrics)
                .contains("rg_verifier_verdicts_total{reason=\"accepted\"} 20.0")
                .contains("rg_verifier_verdicts_total{reason=\"avg_fee_below_minimum\"} 20.0")
                .contains("rg_verifier_frames_rejected_total{reason=\"frame_too_large\"} 1.0")
                .contains("rg_verifier_frames_rejected_total{reason=\"frame_decode_error\"} 1.0")
                .contains("rg_verifier_evaluation_seconds_bucket")
                .contains("rg_verifier_tcp_connections")
                .contains("rg_verifier_policy_reloads_total{outcome=\"applied\"}")
                .contains("rg_verifier_history_queue_depth")
                .contains("rg_verifier_history_dropped_total");
    }

    @Test
    @Order(5)
    void historyServesRecentVerdictsWithFilters() {
        Http http = http();
        JsonNode all = http.get("/api/verdicts?limit=100").json();
        assertThat(all.get("count").asInt()).isEqualTo(40);
        JsonNode newest = all.get("verdicts").get(0);
        assertThat(newest.get("id").asLong()).isEqualTo(40);
        assertThat(newest.get("request_id").asLong()).isEqualTo(40);
        assertThat(newest.get("reason_code").asString()).isEqualTo("avg_fee_below_minimum");
        assertThat(newest.get("template").get("prev_hash").asString()).isEqualTo(Proposals.PREV_HASH);

        JsonNode accepted = http.get("/api/verdicts?reason=accepted&limit=5").json();
        assertThat(accepted.get("count").asInt()).isEqualTo(5);
        accepted.get("verdicts")
                .forEach(v -> assertThat(v.get("accepted").asBoolean()).isTrue());
        // Paging back: before=<the last id of a page> continues exactly where it stopped, across the whole history.
        JsonNode firstPage = http.get("/api/verdicts?limit=7").json().get("verdicts");
        long lastOfFirst = firstPage.get(6).get("id").asLong();
        JsonNode secondPage =
                http.get("/api/verdicts?limit=7&before=" + lastOfFirst).json().get("verdicts");
        assertThat(secondPage.get(0).get("id").asLong()).isEqualTo(lastOfFirst - 1);
        assertThat(secondPage.get(6).get("id").asLong()).isEqualTo(lastOfFirst - 7);
        assertThat(http.get("/api/verdicts?before=2")
                        .json()
                        .get("verdicts")
                        .get(0)
                        .get("id")
                        .asLong())
                .isEqualTo(1);
        assertThat(http.get("/api/verdicts?before=abc").status()).isEqualTo(400);
        JsonNode rejected = http.get("/api/verdicts?reason=rejected&limit=5").json();
        assertThat(rejected.get("count").asInt()).isEqualTo(5);
        rejected.get("verdicts")
                .forEach(v -> assertThat(v.get("accepted").asBoolean()).isFalse());
        assertThat(http.get("/api/verdicts?since=4000000000")
                        .json()
                        .get("count")
                        .asInt())
                .isZero();

        JsonNode one = http.get("/api/verdicts/3").json();
        assertThat(one.get("id").asLong()).isEqualTo(3);
        assertThat(one.get("accepted").asBoolean()).isTrue();
        assertThat(one.get("context").get("thresholds").get("min_avg_fee").asLong())
                .isEqualTo(2000);

        HttpResult missing = http.get("/api/verdicts/999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asString()).isEqualTo("not_found");
        HttpResult badReason = http.get("/api/verdicts?reason=nonsense");
        assertThat(badReason.status()).isEqualTo(400);
        assertThat(badReason.json().get("error").asString()).isEqualTo("invalid_parameter");
        assertThat(http.get("/api/verdicts?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/api/verdicts/abc").status()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void statsSummarizeTheRun() {
        JsonNode stats = http().get("/api/stats").json();
        assertThat(stats.get("verdicts").get("total").asLong()).isEqualTo(40);
        assertThat(stats.get("verdicts").get("accepted").asLong()).isEqualTo(20);
        assertThat(stats.get("verdicts")
                        .get("by_reason")
                        .get("avg_fee_below_minimum")
                        .asLong())
                .isEqualTo(20);
        assertThat(stats.get("policy").get("version").asLong()).isEqualTo(1);
        assertThat(stats.get("mempool").get("tx_count").asLong()).isEqualTo(10);
        assertThat(stats.get("history").get("last_id").asLong()).isEqualTo(40);
    }

    @Test
    @Order(7)
    void protectedEndpointsNeedTheBearerTokenEvenFromLoopbackWhenBypassIsOff() throws IOException {
        Http http = http();
        String toml = Files.readString(Repo.policyToml());

        HttpResult noToken = http.send("PUT", "/api/policy", toml);
        HttpResult wrongToken = http.send("PUT", "/api/policy", toml, "Authorization", "Bearer wrong");
        HttpResult exportNoToken = http.get("/api/export/verdicts?format=csv");
        HttpResult validateNoToken = http.send("POST", "/api/policy/validate", toml);

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("error").asString()).isEqualTo("unauthorized");
        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(exportNoToken.status()).isEqualTo(401);
        assertThat(validateNoToken.status()).isEqualTo(401);
        assertThat(http.get("/api/policy").status()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void invalidPolicyUpdateIsRefusedAndTheActivePolicyStays() {
        Http http = http();
        HttpResult refused =
                http.send("PUT", "/api/policy", "[policy]\nmin_avg_fee_lo = -5\nmax_weight_ratio = 2.0\n", auth());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asString()).isEqualTo("invalid_policy");
        assertThat(refused.json().get("problems")).hasSizeGreaterThanOrEqualTo(2);
        JsonNode policy = http.get("/api/policy").json();
        assertThat(policy.get("version").asLong()).isEqualTo(1);
        assertThat(policy.get("toml").asString()).contains("min_avg_fee_lo = 1");
        assertThat(http.get("/metrics").body()).contains("rg_verifier_policy_reloads_total{outcome=\"rejected\"} 1.0");
    }

    @Test
    @Order(9)
    void validPolicyUpdateTakesEffectWithTheNextVersion() throws IOException {
        Http http = http();
        String before = http.get("/api/policy").json().get("sha256").asString();
        String strict = Files.readString(Repo.policyToml()).replace("min_avg_fee_mid = 2000", "min_avg_fee_mid = 5000");

        HttpResult validated = http.send("POST", "/api/policy/validate", strict, auth());
        HttpResult applied = http.send("PUT", "/api/policy", strict, auth());

        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.json().get("valid").asBoolean()).isTrue();
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.json().get("version").asLong()).isEqualTo(2);
        assertThat(applied.json().get("persisted").asBoolean()).isTrue();
        assertThat(applied.json().get("sha256").asString()).isNotEqualTo(before);
        assertThat(http.get("/api/policy").json().get("version").asLong()).isEqualTo(2);
        assertThat(Files.readString(DIR.resolve("config/policy.toml"))).contains("min_avg_fee_mid = 5000");
        try (VerifierClient client = VerifierClient.connect(tcp.port())) {
            client.send(Proposals.passing(77));
            client.flush();
            TemplateVerdict verdict = (TemplateVerdict) client.receive();
            assertThat(verdict.context().policyVersion()).isEqualTo(2);
            assertThat(verdict.context().thresholds().minAvgFee()).isEqualTo(5000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HttpResult invalid = http.send("POST", "/api/policy/validate", "[policy]\nbogus_key = 1\n", auth());
        assertThat(invalid.json().get("valid").asBoolean()).isFalse();
        assertThat(invalid.json().get("problems").get(0).get("key").asString()).isEqualTo("bogus_key");
    }

    @Test
    @Order(10)
    void exportsStreamEveryPersistedVerdict() {
        Http http = http();
        HttpResult csv = http.send("GET", "/api/export/verdicts?format=csv", null, auth());
        HttpResult jsonl = http.send("GET", "/api/export/verdicts?format=jsonl&reason=accepted", null, auth());

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).startsWith("id,recorded_at,peer,request_id,accepted,reason_code");
        assertThat(lines).hasSize(1 + 41);
        assertThat(jsonl.status()).isEqualTo(200);
        String[] records = jsonl.body().split("\n");
        assertThat(records).hasSize(21);
        assertThat(records[0]).contains("\"accepted\":true");
        HttpResult rejected = http.send("GET", "/api/export/verdicts?format=jsonl&reason=rejected", null, auth());
        String[] rejectedRecords = rejected.body().split("\n");
        assertThat(rejectedRecords).hasSize(lines.length - 1 - records.length);
        assertThat(rejectedRecords).allSatisfy(line -> assertThat(line).contains("\"accepted\":false"));
        assertThat(http.send("GET", "/api/export/verdicts?format=xml", null, auth())
                        .status())
                .isEqualTo(400);
    }

    @Test
    @Order(11)
    void evaluateJudgesAGetblocktemplateResultWithoutRecordingIt() throws IOException {
        Http http = http();
        byte[] gbt = Files.readAllBytes(Repo.gbtFixture("core-regtest-h506-4tx.json"));
        long curtime = 1747977029L;
        long verdictsBefore =
                http.get("/api/stats").json().get("verdicts").get("total").asLong();

        JsonNode fresh = http.sendBytes("POST", "/api/evaluate?now=" + curtime + "&mempool_tx=0", gbt)
                .json();
        JsonNode old = http.sendBytes("POST", "/api/evaluate?now=" + (curtime + 100) + "&mempool_tx=0", gbt)
                .json();
        HttpResult broken = http.sendBytes("POST", "/api/evaluate", "{\"height\": 5}".getBytes());
        HttpResult notJson = http.sendBytes("POST", "/api/evaluate", "nope".getBytes());
        HttpResult badParam = http.sendBytes("POST", "/api/evaluate?now=yesterday", gbt);

        assertThat(fresh.get("accepted").asBoolean()).as(fresh.toString()).isTrue();
        assertThat(fresh.get("context").get("measured").get("tx_count").asLong())
                .isEqualTo(4);
        assertThat(fresh.get("context").get("tier").asString()).isEqualTo("lo");
        assertThat(old.get("accepted").asBoolean()).isFalse();
        assertThat(old.get("reason_code").asString()).isEqualTo("template_too_old");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("error").asString()).isEqualTo("invalid_template");
        assertThat(broken.json().get("message").asString()).contains("previousblockhash");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(http.get("/api/stats").json().get("verdicts").get("total").asLong())
                .isEqualTo(verdictsBefore);
    }

    @Test
    @Order(12)
    void unknownRoutesAndMethodsAnswerWithJsonErrors() {
        Http http = http();
        HttpResult unknown = http.get("/api/nothing-here");
        HttpResult wrongMethod = http.send("DELETE", "/api/policy", null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("not_found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("error").asString()).isEqualTo("method_not_allowed");
        assertThat(unknown.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    @Order(13)
    void openApiDocumentDescribesTheApi() {
        HttpResult yaml = http().get("/api/openapi.yaml");

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body())
                .contains("/api/evaluate")
                .contains("/api/verdicts/{id}")
                .contains("/ready");
    }

    private static String[] auth() {
        return new String[] {"Authorization", "Bearer " + SECRET};
    }

    private static HttpResult awaitStatus(Http http, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResult response = http.get(path);
        while (response.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = http.get(path);
        }
        return response;
    }
}
