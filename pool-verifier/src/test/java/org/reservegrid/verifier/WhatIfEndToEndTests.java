package org.reservegrid.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reservegrid.protocol.message.TemplateVerdict;
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
 * Verdict checks and what-if on the whole service with real sockets: templates proposed over the TCP port, their
 * recorded checks and tier basis over HTTP, then drafts replayed against them. The mempool holds 10 transactions,
 * so the shipped policy judges in the middle tier ({@code min_avg_fee_mid = 2000}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.config.name=" + PoolVerifierApplication.NAME)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WhatIfEndToEndTests {
    private static final String SECRET = "whatif-secret-41d2";
    private static final int KEPT = 20;
    /** Average fee per template by request id 1..12: accepted, accepted until mid is 5,000, rejected. */
    private static final long[] FEES = {6_000, 3_000, 1};

    private static final int PROPOSED = 12;
    private static final Path DIR;
    private static final FakeTemplateManager TEMPLATE_MANAGER;

    static {
        try {
            DIR = Files.createTempDirectory("pool-verifier-whatif");
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
        registry.add("VELDRA_POLICY_FILE", policy::toString);
        registry.add("VELDRA_DATA_DIR", () -> DIR.resolve("data").toString());
        registry.add("VELDRA_TEMPLATE_MANAGER_URL", TEMPLATE_MANAGER::url);
        registry.add("VELDRA_MEMPOOL_POLL_SECS", () -> "0.2");
        registry.add("VELDRA_API_SECRET", () -> SECRET);
        registry.add("VELDRA_API_LOCALHOST_BYPASS", () -> "0");
        registry.add("VELDRA_VERIFIER_WHATIF_TEMPLATES", () -> Integer.toString(KEPT));
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

    private static String[] auth() {
        return new String[] {"Authorization", "Bearer " + SECRET};
    }

    private static String shippedPolicy() throws IOException {
        return Files.readString(Repo.policyToml());
    }

    private static String stricterMid() throws IOException {
        return shippedPolicy().replace("min_avg_fee_mid = 2000", "min_avg_fee_mid = 5000");
    }

    private static long fee(long requestId) {
        return FEES[(int) ((requestId - 1) % FEES.length)];
    }

    /** Verdict ids by request id, from the history. */
    private Map<Long, Long> verdictIds() {
        Map<Long, Long> ids = new HashMap<>();
        http().get("/api/verdicts?limit=100")
                .json()
                .get("verdicts")
                .forEach(v -> ids.put(v.get("request_id").asLong(), v.get("id").asLong()));
        return ids;
    }

    private static JsonNode check(JsonNode checks, String key) {
        for (JsonNode check : checks) {
            if (check.get("check").asString().equals(key)) {
                return check;
            }
        }
        throw new AssertionError("no check " + key + " in " + checks);
    }

    @Test
    @Order(1)
    void templatesProposedOverTcpAreJudgedInTheMiddleTier() throws Exception {
        awaitReady(http());
        List<TemplateVerdict> verdicts = new ArrayList<>();
        try (VerifierClient client = VerifierClient.connect(tcp.port())) {
            for (long id = 1; id <= PROPOSED; id++) {
                client.send(Proposals.withFee(id, fee(id)));
            }
            client.flush();
            for (int i = 0; i < PROPOSED; i++) {
                verdicts.add((TemplateVerdict) client.receive());
            }
        }

        assertThat(verdicts)
                .allSatisfy(
                        verdict -> assertThat(verdict.context().tier().text()).isEqualTo("mid"));
        assertThat(verdicts.stream().filter(TemplateVerdict::accepted)).hasSize(8);
    }

    @Test
    @Order(2)
    void everyRecordedVerdictListsItsChecksAndTierBasis() {
        Http http = http();
        Map<Long, Long> ids = verdictIds();
        JsonNode rejected = http.get("/api/verdicts/" + ids.get(3L)).json();
        JsonNode accepted = http.get("/api/verdicts/" + ids.get(1L)).json();

        assertThat(rejected.get("reason_code").asString()).isEqualTo("avg_fee_below_minimum");
        JsonNode avgFee = check(rejected.get("checks"), "min_avg_fee_mid");
        assertThat(avgFee.get("label").asString()).isNotBlank();
        assertThat(avgFee.get("measured").asLong()).isEqualTo(1);
        assertThat(avgFee.get("threshold").asLong()).isEqualTo(2000);
        assertThat(avgFee.get("comparison").asString()).isEqualTo(">=");
        assertThat(avgFee.get("passed").asBoolean()).isFalse();
        assertThat(avgFee.get("reason_code").asString()).isEqualTo("avg_fee_below_minimum");
        List<String> keys = new ArrayList<>();
        rejected.get("checks").forEach(c -> keys.add(c.get("check").asString()));
        assertThat(keys)
                .containsExactly(
                        "protocol_version",
                        "prev_hash_hex",
                        "required_prevhash_len",
                        "reject_coinbase_zero",
                        "reject_empty_templates",
                        "max_tx_count",
                        "min_total_fees",
                        "min_avg_fee_mid",
                        "max_weight_ratio",
                        "max_template_age_secs",
                        "max_sigops_cost",
                        "max_coinbase_sigops");
        assertThat(check(rejected.get("checks"), "max_weight_ratio")
                        .get("measured")
                        .isDouble())
                .isTrue();
        assertThat(check(rejected.get("checks"), "prev_hash_hex")
                        .get("measured")
                        .asBoolean())
                .isTrue();
        JsonNode tier = rejected.get("tier_basis");
        assertThat(tier.get("mempool_tx_count").asLong()).isEqualTo(10);
        assertThat(tier.get("mempool_known").asBoolean()).isTrue();
        assertThat(tier.get("low_mempool_tx").asLong()).isZero();
        assertThat(tier.get("high_mempool_tx").asLong()).isEqualTo(50);
        assertThat(tier.get("unknown_mempool_as_high").asBoolean()).isTrue();
        assertThat(tier.get("explanation").asString())
                .isEqualTo("10 mempool transactions > low_mempool_tx 0 and < high_mempool_tx 50: middle tier");
        accepted.get("checks")
                .forEach(c -> assertThat(c.get("passed").asBoolean()).isTrue());
        assertThat(accepted.get("template").get("protocol_version").asInt()).isEqualTo(2);

        JsonNode list = http.get("/api/verdicts?limit=1").json().get("verdicts").get(0);
        assertThat(list.get("checks")).hasSize(12);
        assertThat(list.get("tier_basis").isObject()).isTrue();
    }

    @Test
    @Order(3)
    void whatIfNeedsTheBearerTokenLikeTheOtherPolicyEndpoints() throws IOException {
        HttpResult noToken = http().send("POST", "/api/policy/what-if", stricterMid());

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("error").asString()).isEqualTo("unauthorized");
    }

    @Test
    @Order(4)
    void aStricterDraftFlipsExactlyTheVerdictsItWouldReject() throws IOException {
        Http http = http();
        Map<Long, Long> ids = verdictIds();
        JsonNode active = http.get("/api/policy").json();
        String draftSha = http.send("POST", "/api/policy/validate", stricterMid(), auth())
                .json()
                .get("sha256")
                .asString();

        HttpResult response = http.send("POST", "/api/policy/what-if", stricterMid(), auth());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode result = response.json();
        assertThat(result.get("draft_sha256").asString()).isEqualTo(draftSha);
        assertThat(result.get("active_version").asLong()).isEqualTo(1);
        assertThat(result.get("active_sha256").asString())
                .isEqualTo(active.get("sha256").asString());
        assertThat(result.get("kept").asInt()).isEqualTo(PROPOSED);
        assertThat(result.get("evaluated").asInt()).isEqualTo(PROPOSED);
        assertThat(result.get("accepted_before").asInt()).isEqualTo(8);
        assertThat(result.get("accepted_after").asInt()).isEqualTo(4);
        assertThat(result.get("flips_count").asInt()).isEqualTo(4);
        // The 3,000 sat templates (request ids 2, 5, 8, 11), newest first.
        List<Long> flipped = new ArrayList<>();
        result.get("flips").forEach(flip -> flipped.add(flip.get("verdict_id").asLong()));
        assertThat(flipped).containsExactly(ids.get(11L), ids.get(8L), ids.get(5L), ids.get(2L));
        for (JsonNode flip : result.get("flips")) {
            JsonNode recorded =
                    http.get("/api/verdicts/" + flip.get("verdict_id").asLong()).json();
            assertThat(flip.get("height").asLong())
                    .isEqualTo(recorded.get("template").get("height").asLong());
            assertThat(Instant.parse(flip.get("judged_at").asString()))
                    .isEqualTo(Instant.parse(recorded.get("recorded_at").asString()));
            assertThat(flip.get("before").get("accepted").asBoolean()).isTrue();
            assertThat(flip.get("before").get("reason_code").isNull()).isTrue();
            assertThat(flip.get("before").get("reasons")).isEmpty();
            JsonNode after = flip.get("after");
            assertThat(after.get("accepted").asBoolean()).isFalse();
            assertThat(after.get("reason_code").asString()).isEqualTo("avg_fee_below_minimum");
            assertThat(after.get("reasons")).hasSize(1);
            assertThat(after.get("reasons").get(0).asString()).isEqualTo("avg_fee_below_minimum");
            JsonNode avgFee = check(after.get("checks"), "min_avg_fee_mid");
            assertThat(avgFee.get("measured").asLong()).isEqualTo(3000);
            assertThat(avgFee.get("threshold").asLong()).isEqualTo(5000);
            assertThat(avgFee.get("passed").asBoolean()).isFalse();
        }
        // Nothing was applied or recorded.
        assertThat(http.get("/api/policy").json().get("version").asLong()).isEqualTo(1);
        assertThat(http.get("/api/stats").json().get("verdicts").get("total").asLong())
                .isEqualTo(PROPOSED);
    }

    @Test
    @Order(5)
    void lastReplaysOnlyTheNewestTemplates() throws IOException {
        JsonNode result = http().send("POST", "/api/policy/what-if?last=3", stricterMid(), auth())
                .json();

        assertThat(result.get("kept").asInt()).isEqualTo(PROPOSED);
        assertThat(result.get("evaluated").asInt()).isEqualTo(3);
        // Request ids 10, 11, 12: 6,000, 3,000 and 1 sat; only 11 flips.
        assertThat(result.get("flips_count").asInt()).isEqualTo(1);
        assertThat(result.get("flips").get(0).get("verdict_id").asLong())
                .isEqualTo(verdictIds().get(11L));
    }

    @Test
    @Order(6)
    void anInvalidDraftOrLastIsABadRequest() throws IOException {
        Http http = http();
        HttpResult wrongType = http.send(
                "POST", "/api/policy/what-if", "[policy]\nmin_avg_fee_mid = 5000\nmax_tx_count = \"many\"\n", auth());
        HttpResult syntax = http.send("POST", "/api/policy/what-if", "[policy]\n\nmax_tx_count = = 3\n", auth());

        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("error").asString()).isEqualTo("invalid_policy");
        assertThat(wrongType.json().get("message").asString()).contains("1 problem");
        JsonNode problem = wrongType.json().get("problems").get(0);
        assertThat(problem.get("key").asString()).isEqualTo("max_tx_count");
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("message").asString()).contains("integer");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.json().get("problems").get(0).get("line").asInt()).isEqualTo(3);

        for (String last : new String[] {"0", "abc", Integer.toString(KEPT + 1), "-1", ""}) {
            HttpResult bad = http.send("POST", "/api/policy/what-if?last=" + last, stricterMid(), auth());
            assertThat(bad.status()).as("last=%s", last).isEqualTo(400);
            assertThat(bad.json().get("error").asString()).isEqualTo("invalid_parameter");
            assertThat(bad.json().get("message").asString()).contains("last");
        }
        assertThat(http.send("POST", "/api/policy/what-if?last=" + KEPT, stricterMid(), auth())
                        .status())
                .isEqualTo(200);

        HttpResult tooLarge = http.send("POST", "/api/policy/what-if", "#".repeat(64 * 1024 + 1), auth());
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").asString()).isEqualTo("payload_too_large");
    }

    @Test
    @Order(6)
    void aChunkedDraftOverTheCapIsAnsweredWith413() throws IOException {
        // No Content-Length: the cap is found while reading, 4 chunks of 20,000 bytes in.
        String chunk = "#".repeat(20_000);
        StringBuilder request = new StringBuilder("POST /api/policy/what-if HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nAuthorization: Bearer ")
                .append(SECRET)
                .append("\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 4; i++) {
            request.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        request.append("0\r\n\r\n");

        String statusLine;
        try (Socket socket = new Socket("127.0.0.1", httpPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }

        assertThat(statusLine).startsWith("HTTP/1.1 413");
    }

    @Test
    @Order(6)
    void theOpenApiDocumentDescribesWhatIf() {
        String yaml = http().get("/api/openapi.yaml").body();

        assertThat(yaml).contains("/api/policy/what-if").contains("flips_count").contains("tier_basis");
    }

    @Test
    @Order(7)
    void theJsonLinesExportCarriesTheChecksToo() {
        HttpResult jsonl = http().send("GET", "/api/export/verdicts?format=jsonl", null, auth());

        String[] lines = jsonl.body().split("\n");
        assertThat(lines).hasSize(PROPOSED);
        for (String line : lines) {
            assertThat(line)
                    .contains("\"checks\":[{\"check\":\"protocol_version\"")
                    .contains("\"tier_basis\":{");
        }
    }

    @Test
    @Order(8)
    void afterApplyingADraftTheEarlierVerdictsStillExplainTheirOwnPolicy() throws Exception {
        Http http = http();
        assertThat(http.send("PUT", "/api/policy", stricterMid(), auth()).status())
                .isEqualTo(200);
        try (VerifierClient client = VerifierClient.connect(tcp.port())) {
            client.send(Proposals.withFee(13, 3_000));
            client.flush();
            assertThat(((TemplateVerdict) client.receive()).accepted()).isFalse();
        }

        JsonNode earlier = http.get("/api/verdicts/" + verdictIds().get(2L)).json();
        JsonNode replayShipped = http.send("POST", "/api/policy/what-if", shippedPolicy(), auth())
                .json();

        assertThat(earlier.get("accepted").asBoolean()).isTrue();
        assertThat(earlier.get("context").get("policy_version").asLong()).isEqualTo(1);
        assertThat(check(earlier.get("checks"), "min_avg_fee_mid")
                        .get("threshold")
                        .asLong())
                .isEqualTo(2000);
        assertThat(earlier.get("tier_basis").isObject()).isTrue();
        // The shipped policy judged the first 12 alike; only the 13th, judged by the stricter one, flips back.
        assertThat(replayShipped.get("active_version").asLong()).isEqualTo(2);
        assertThat(replayShipped.get("kept").asInt()).isEqualTo(PROPOSED + 1);
        assertThat(replayShipped.get("flips_count").asInt()).isEqualTo(1);
        JsonNode flip = replayShipped.get("flips").get(0);
        assertThat(flip.get("verdict_id").asLong()).isEqualTo(verdictIds().get(13L));
        assertThat(flip.get("before").get("reason_code").asString()).isEqualTo("avg_fee_below_minimum");
        assertThat(flip.get("after").get("accepted").asBoolean()).isTrue();
    }

    private static void awaitReady(Http http) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (http.get("/ready").status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(http.get("/ready").status()).isEqualTo(200);
    }
}
