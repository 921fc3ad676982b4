package org.reservegrid.noderpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.noderpc.testing.FakeNode;
import org.reservegrid.noderpc.testing.FakeNode.Answer;
import org.reservegrid.noderpc.testing.SharedFixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NodeRpcClientTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = "hunter2-very-secret";

    private final FakeNode node =
            new FakeNode(SharedFixtures.gbt("core-regtest-h506-4tx.json")).requireCredentials("pool", PASSWORD);
    private final NodeRpcClient client = new NodeRpcClient(new JsonMapper(), 8192);
    private NodeEndpoint endpoint;

    @BeforeEach
    void start() {
        node.start();
        endpoint = new NodeEndpoint(URI.create(node.url()), Secret.of("pool"), Secret.of(PASSWORD));
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void asksForASegwitTemplateWithBasicAuthAndGetsItsResult() throws Exception {
        JsonNode template = new NodeRpcClient(new JsonMapper()).getBlockTemplate(endpoint, null, TIMEOUT);

        assertThat(template.get("height").asLong()).isEqualTo(506);
        FakeNode.Call call = node.calls().getFirst();
        assertThat(call.method()).isEqualTo("getblocktemplate");
        assertThat(call.params().get(0).get("rules").get(0).asString()).isEqualTo("segwit");
        assertThat(call.params().get(0).has("longpollid")).isFalse();
        assertThat(call.authorization()).startsWith("Basic ");
    }

    @Test
    void passesTheLongPollIdWhenLongPolling() throws Exception {
        node.template(SharedFixtures.gbt("core-signet-h956-4tx.json"));

        new NodeRpcClient(new JsonMapper()).getBlockTemplate(endpoint, "stale-id", TIMEOUT);

        assertThat(node.calls().getFirst().params().get(0).get("longpollid").asString())
                .isEqualTo("stale-id");
    }

    @Test
    void wrongCredentialsAreUnauthorizedAndTheMessageHoldsNoSecret() {
        NodeEndpoint wrong = new NodeEndpoint(URI.create(node.url()), Secret.of("pool"), Secret.of("wrong-pass"));

        assertThatThrownBy(() -> client.getBlockTemplate(wrong, null, TIMEOUT))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.UNAUTHORIZED))
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong-pass")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void anRpcErrorKeepsTheNodesCodeAndMessage() {
        node.on(
                "getblocktemplate",
                call -> Answer.rpcError(-10, "Bitcoin Core is in initial sync and waiting for blocks..."));

        assertThatThrownBy(() -> client.getBlockTemplate(endpoint, null, TIMEOUT))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> {
                    assertThat(e.kind()).isEqualTo(NodeErrorKind.RPC_ERROR);
                    assertThat(e.rpcCode()).isEqualTo(-10);
                })
                .hasMessageContaining("initial sync");
    }

    @Test
    void anHttpErrorWithoutJsonIsAnHttpError() {
        node.on("getblocktemplate", call -> Answer.http(503, "Work queue depth exceeded"));

        assertThatThrownBy(() -> client.getBlockTemplate(endpoint, null, TIMEOUT))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.HTTP_STATUS))
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void anAnswerThatIsNotJsonIsMalformed() {
        node.on("getblocktemplate", call -> Answer.http(200, "{\"result\": {\"height\": 1,"));

        assertThatThrownBy(() -> client.getBlockTemplate(endpoint, null, TIMEOUT))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.MALFORMED_RESPONSE));
    }

    @Test
    void aTemplateThatIsNotAnObjectIsMalformed() {
        node.on("getblocktemplate", call -> Answer.http(200, "{\"result\": [1, 2], \"error\": null}"));

        assertThatThrownBy(() -> client.getBlockTemplate(endpoint, null, TIMEOUT))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.MALFORMED_RESPONSE));
    }

    @Test
    void anAnswerLargerThanTheCapIsRefused() {
        node.on("getblocktemplate", call -> Answer.http(200, "{\"result\": \"" + "a".repeat(10_000) + "\"}"));

        assertThatThrownBy(() -> client.getBlockTemplate(endpoint, null, TIMEOUT))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.MALFORMED_RESPONSE))
                .hasMessageContaining("exceeds");
    }

    @Test
    void aSlowAnswerTimesOut() {
        node.on("getblocktemplate", call -> Answer.result(node.template()).delayed(3_000));

        assertThatThrownBy(() -> client.getBlockTemplate(endpoint, null, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.TIMEOUT));
    }

    @Test
    void aConnectThatNeverCompletesTimesOutRatherThanBeingRefused() throws IOException {
        // A listener that never accepts: once its accept queue is full the kernel drops further SYNs, so the
        // client's connect hangs until its connect timer fires (what a node too busy to accept looks like).
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket socket = new Socket();
                    try {
                        socket.connect(busy.getLocalSocketAddress(), 200);
                        queued.add(socket);
                    } catch (SocketTimeoutException full) {
                        socket.close();
                        break;
                    }
                }
                NodeEndpoint stuck = new NodeEndpoint(
                        URI.create("http://127.0.0.1:" + busy.getLocalPort()), Secret.of("pool"), Secret.of(PASSWORD));

                assertThatThrownBy(() -> client.getBlockTemplate(stuck, null, Duration.ofSeconds(8)))
                        .isInstanceOfSatisfying(
                                NodeRpcException.class,
                                e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.TIMEOUT));
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aStoppedNodeRefusesTheConnection() {
        node.stop();

        assertThatThrownBy(() -> client.getBlockTemplate(endpoint, null, TIMEOUT))
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.CONNECTION_REFUSED));
    }

    @Test
    void submitblockAnswersBecomeTypedResults() throws Exception {
        node.on(
                "submitblock",
                call -> Answer.result(JsonMapper.shared().getNodeFactory().stringNode("high-hash")));
        SubmitBlockResult rejected = client.submitBlock(endpoint, "00", TIMEOUT).get();
        node.on("submitblock", call -> Answer.rpcError(-22, "Block decode failed"));
        SubmitBlockResult undecodable =
                client.submitBlock(endpoint, "00", TIMEOUT).get();
        node.on("submitblock", call -> Answer.result(JsonMapper.shared().nullNode()));
        SubmitBlockResult accepted = client.submitBlock(endpoint, "00", TIMEOUT).get();

        assertThat(rejected.status()).isEqualTo(SubmitBlockResult.Status.REJECTED);
        assertThat(rejected.reason()).isEqualTo("high-hash");
        assertThat(undecodable.status()).isEqualTo(SubmitBlockResult.Status.REJECTED);
        assertThat(undecodable.reason()).isEqualTo("-22 Block decode failed");
        assertThat(accepted.accepted()).isTrue();
        assertThat(node.calls().getLast().params().get(0).asString()).isEqualTo("00");
    }

    @Test
    void submitblockToAStoppedNodeFailsWithTheTransportError() {
        node.stop();

        assertThatThrownBy(() -> client.submitBlock(endpoint, "00", TIMEOUT).get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        NodeRpcException.class, e -> assertThat(e.kind()).isEqualTo(NodeErrorKind.CONNECTION_REFUSED));
    }

    @Test
    void mempoolInfoIsParsed() throws Exception {
        MempoolInfo info = client.mempoolInfo(endpoint, TIMEOUT).get();

        assertThat(info.size()).isEqualTo(112_686);
    }
}
