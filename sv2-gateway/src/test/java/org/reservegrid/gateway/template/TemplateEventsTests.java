package org.reservegrid.gateway.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.gateway.support.Templates;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Template and verdict events in template-manager's stream shape. */
class TemplateEventsTests {
    private static final HexFormat HEX = HexFormat.of();
    private final TemplateEvents events =
            new TemplateEvents(JsonMapper.builder().build());

    @Test
    void aTemplateEventKeepsWhatJobsAndBlocksNeedWithHashesInInternalOrder() {
        ObjectNode json = Templates.fromGbtFixture(7, "core-regtest-h506-4tx.json");
        StreamTemplate template = events.template(json.toString(), 42);

        assertThat(template.sequence()).isEqualTo(7);
        assertThat(template.height()).isEqualTo(506);
        assertThat(template.nbits()).isEqualTo(0x207fffffL);
        assertThat(template.receivedAtNanos()).isEqualTo(42);
        String prevDisplay = json.get("prev_hash").asString();
        assertThat(reverse(template.prevHash().bytes())).isEqualTo(HEX.parseHex(prevDisplay));
        assertThat(template.transactions()).hasSize(4);
        StreamTemplate.Transaction first = template.transactions().getFirst();
        assertThat(reverse(first.txid()))
                .isEqualTo(
                        HEX.parseHex(json.get("transactions").get(0).get("txid").asString()));
        assertThat(reverse(first.wtxid()))
                .isEqualTo(
                        HEX.parseHex(json.get("transactions").get(0).get("hash").asString()));
        assertThat(template.witnessCommitment()).hasSize(38);
    }

    @Test
    void aBareHashCommitmentFromBtcdIsKeptAsGiven() {
        ObjectNode json = Templates.empty(1, 10, Templates.hash(1), Templates.REGTEST_BITS, 1000);
        ObjectNode commitment = (ObjectNode) json.get("default_witness_commitment");
        commitment.put("form", "bare_hash");
        commitment.put("given", "ab".repeat(32));
        commitment.put("script", "6a24aa21a9ed" + "ab".repeat(32));

        assertThat(events.template(json.toString(), 0).witnessCommitment()).isEqualTo(HEX.parseHex("ab".repeat(32)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[]",
                "{\"sequence\": 1}",
                "{\"sequence\": 1, \"height\": 5, \"prev_hash\": \"zz\"}",
                "{\"sequence\": -1, \"height\": 5}"
            })
    void malformedEventsAreTypedErrors(String json) {
        assertThatThrownBy(() -> events.template(json, 0)).isInstanceOf(TemplateEvents.MalformedEventException.class);
    }

    @Test
    void badFieldsAreNamed() {
        ObjectNode json = Templates.empty(1, 10, Templates.hash(1), "207fff", 1000);
        assertThatThrownBy(() -> events.template(json.toString(), 0)).hasMessageContaining("bits");
        ObjectNode noTxs = Templates.empty(1, 10, Templates.hash(1), Templates.REGTEST_BITS, 1000);
        noTxs.put("transactions", "none");
        assertThatThrownBy(() -> events.template(noTxs.toString(), 0)).hasMessageContaining("transactions");
        ObjectNode badTx = Templates.empty(1, 10, Templates.hash(1), Templates.REGTEST_BITS, 1000);
        badTx.withArray("transactions").addObject().put("data", "00").put("txid", "12");
        assertThatThrownBy(() -> events.template(badTx.toString(), 0)).hasMessageContaining("txid");
    }

    @Test
    void verdictsCarryTheirReasonCode() {
        TemplateVerdict rejected = events.verdict(Templates.verdict(3, false, "tx_count_exceeded"));
        assertThat(rejected.sequence()).isEqualTo(3);
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.reasonCode()).isEqualTo("tx_count_exceeded");
        TemplateVerdict accepted = events.verdict(Templates.verdict(4, true, ""));
        assertThat(accepted.accepted()).isTrue();
        assertThat(accepted.reasonCode()).isNull();
        TemplateVerdict timedOut = events.verdict("{\"sequence\": 5, \"outcome\": \"timeout\", \"reason_code\": null}");
        assertThat(timedOut.accepted()).isFalse();
        assertThat(timedOut.outcome()).isEqualTo("timeout");
    }

    private static byte[] reverse(byte[] bytes) {
        return DisplayHex.reversed(bytes);
    }
}
