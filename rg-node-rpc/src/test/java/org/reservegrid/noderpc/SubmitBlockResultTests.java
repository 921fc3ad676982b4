package org.reservegrid.noderpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import tools.jackson.databind.node.JsonNodeFactory;

class SubmitBlockResultTests {

    @ParameterizedTest
    @NullSource
    void aNullAnswerMeansTheBlockWasAccepted(String ignored) {
        SubmitBlockResult result = SubmitBlockResult.fromAnswer(JsonNodeFactory.instance.nullNode());

        assertThat(result.status()).isEqualTo(SubmitBlockResult.Status.ACCEPTED);
        assertThat(result.accepted()).isTrue();
        assertThat(result.reason()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(
            delimiter = '|',
            value = {
                // Bitcoin Core and bcoin: BIP 22 strings.
                "duplicate|DUPLICATE|duplicate",
                "duplicate-inconclusive|INCONCLUSIVE|duplicate-inconclusive",
                "inconclusive|INCONCLUSIVE|inconclusive",
                "duplicate-invalid|REJECTED|duplicate-invalid",
                "high-hash|REJECTED|high-hash",
                "bad-txnmrklroot|REJECTED|bad-txnmrklroot",
                "rejected|REJECTED|rejected",
                // bcoin puts its VerifyError reason after "rejected: ".
                "rejected: duplicate|DUPLICATE|duplicate",
                "rejected: bad-prevblk|REJECTED|bad-prevblk",
                // btcd: "rejected: <reason>".
                "rejected: already have block 0000000000000000000000000000000000000000000000000000000000000001"
                        + "|DUPLICATE|already have block"
                        + " 0000000000000000000000000000000000000000000000000000000000000001",
                "rejected: block timestamp of 1700000000 is not after expected 1700000001|REJECTED"
                        + "|block timestamp of 1700000000 is not after expected 1700000001"
            })
    void classifiesTheNodesAnswer(String answer, SubmitBlockResult.Status status, String reason) {
        SubmitBlockResult result = SubmitBlockResult.fromAnswer(JsonNodeFactory.instance.stringNode(answer));

        assertThat(result.status()).isEqualTo(status);
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.nodeAnswer()).isEqualTo(answer);
    }

    @ParameterizedTest
    @CsvSource({"-22, Block decode failed"})
    void anRpcErrorIsARejectionWithTheNodesMessage(int code, String message) {
        NodeRpcException error = new NodeRpcException(
                NodeErrorKind.RPC_ERROR, "submitblock to http://x: RPC error " + code + " " + message, code);

        SubmitBlockResult result = SubmitBlockResult.fromRpcError(error);

        assertThat(result.status()).isEqualTo(SubmitBlockResult.Status.REJECTED);
        assertThat(result.reason()).isEqualTo(code + " " + message);
    }
}
