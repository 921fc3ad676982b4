package org.reservegrid.noderpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.reservegrid.common.fuzz.AllocationBudget;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzz target for a node's JSON-RPC answers (docs/fuzzing.md): the first byte picks the HTTP
 * status, the rest is the body. Interpreting it, and reading a result as getmempoolinfo and submitblock do, may
 * only fail with {@link NodeRpcException}; a result comes only from a 200.
 */
class NodeAnswerFuzzTests {

    private static final AllocationBudget BUDGET = AllocationBudget.textParser();
    private static final List<Integer> STATUSES = List.of(200, 401, 403, 404, 500, 503);
    private static final NodeRpcClient CLIENT =
            new NodeRpcClient(JsonMapper.builder().build());
    private static final NodeEndpoint ENDPOINT = new NodeEndpoint(URI.create("http://127.0.0.1:18443"), null, null);

    @FuzzTest
    void answer(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int status = STATUSES.get((input[0] & 0xFF) % STATUSES.size());
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        JsonNode result;
        try {
            result = BUDGET.check(body.length, () -> CLIENT.interpret("getmempoolinfo", ENDPOINT, status, body));
        } catch (NodeRpcException e) {
            assertThat(e.getMessage()).startsWith("getmempoolinfo to " + ENDPOINT);
            if (status == 401 || status == 403) {
                assertThat(e.kind()).isEqualTo(NodeErrorKind.UNAUTHORIZED);
            }
            SubmitBlockResult rejection = SubmitBlockResult.fromRpcError(e);
            assertThat(rejection.accepted()).isFalse();
            return;
        }
        assertThat(status).isEqualTo(200);
        try {
            MempoolInfo info = MempoolInfo.fromRpc(result, 0);
            assertThat(info.size()).isNotNegative();
            assertThat(info.bytes()).isNotNegative();
        } catch (NodeRpcException e) {
            assertThat(e.kind()).isEqualTo(NodeErrorKind.MALFORMED_RESPONSE);
        }
        assertThat(SubmitBlockResult.fromAnswer(result)).isNotNull();
    }
}
