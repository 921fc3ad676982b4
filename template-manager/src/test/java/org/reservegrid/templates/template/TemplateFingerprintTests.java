package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reservegrid.noderpc.testing.SharedFixtures;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class TemplateFingerprintTests {

    private static String fingerprint(ObjectNode gbt) {
        BlockTemplate template = GbtParser.parse(gbt);
        return TemplateFingerprint.of(
                template.propose(2, 400), template.witnessCommitment().given());
    }

    @Test
    void aTemplateThatOnlyAgedIsTheSameWork() {
        ObjectNode gbt = SharedFixtures.gbt("core-regtest-h506-4tx.json");
        String before = fingerprint(gbt);

        gbt.put("curtime", gbt.get("curtime").asLong() + 30);
        gbt.put("longpollid", "another");

        assertThat(fingerprint(gbt)).isEqualTo(before);
    }

    @Test
    void transactionsCoinbaseValueTipAndCommitmentMakeItNewWork() {
        ObjectNode base = SharedFixtures.gbt("core-regtest-h506-4tx.json");
        String before = fingerprint(base);

        ObjectNode fewer = base.deepCopy();
        ((ArrayNode) fewer.get("transactions")).remove(0);
        ObjectNode richer = base.deepCopy();
        richer.put("coinbasevalue", base.get("coinbasevalue").asLong() + 1);
        ObjectNode otherTip = base.deepCopy();
        otherTip.put("previousblockhash", "00".repeat(32));
        ObjectNode otherCommitment = base.deepCopy();
        otherCommitment.put("default_witness_commitment", "6a24aa21a9ed" + "11".repeat(32));

        assertThat(fingerprint(fewer)).isNotEqualTo(before);
        assertThat(fingerprint(richer)).isNotEqualTo(before);
        assertThat(fingerprint(otherTip)).isNotEqualTo(before);
        assertThat(fingerprint(otherCommitment)).isNotEqualTo(before);
    }
}
