package org.reservegrid.demofeed.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.bitcoin.DisplayHex;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anchors the hashing helpers and the test parser to real Bitcoin Core getblocktemplate results: if they agree
 * with Core on these, they can be trusted to check the feed's own templates.
 */
class CoreFixtureTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = CoreFixtureTests.class.getResourceAsStream("/fixtures/gbt/" + name + ".json")) {
            return JSON.readTree(Objects.requireNonNull(in, name));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"core-signet-h956-4tx", "core-regtest-h506-4tx"})
    void parserRecomputesCoresTxidHashWeightAndSigops(String name) throws IOException {
        JsonNode transactions = fixture(name).get("transactions");
        assertThat(transactions.size()).isEqualTo(4);
        for (JsonNode tx : transactions) {
            TransactionParser.Parsed parsed =
                    TransactionParser.parse(tx.get("data").asString());
            assertThat(parsed.txid()).isEqualTo(tx.get("txid").asString());
            assertThat(parsed.wtxid()).isEqualTo(tx.get("hash").asString());
            assertThat(parsed.weight()).isEqualTo(tx.get("weight").asInt());
            assertThat(parsed.sigops()).isEqualTo(tx.get("sigops").asInt());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"core-signet-h956-4tx", "core-regtest-h506-4tx", "core-signet-h108-0tx"})
    void witnessCommitmentMatchesCores(String name) throws IOException {
        JsonNode template = fixture(name);
        List<byte[]> wtxids = new ArrayList<>();
        for (JsonNode tx : template.get("transactions")) {
            wtxids.add(DisplayHex.parse(tx.get("hash").asString()));
        }
        assertThat(FeedSimulator.defaultWitnessCommitment(wtxids))
                .isEqualTo(template.get("default_witness_commitment").asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"core-signet-h956-4tx", "core-regtest-h506-4tx", "core-signet-h108-0tx"})
    void targetExpansionMatchesCores(String name) throws IOException {
        JsonNode template = fixture(name);
        assertThat(FeedSimulator.targetHex(template.get("bits").asString()))
                .isEqualTo(template.get("target").asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"core-signet-h956-4tx", "core-regtest-h506-4tx", "core-signet-h108-0tx"})
    void feedTemplatesCarryEveryFieldCoreEmitsForMainnet(String name) throws IOException {
        JsonNode core = fixture(name);
        FeedSimulator simulator = new FeedSimulator(ScenarioTemplateTests.settings(Scenario.EMPTY, 1));
        JsonNode ours = JSON.readTree(simulator.next().json()).get("template");
        List<String> coreFields = new ArrayList<>(core.propertyNames());
        // signet_challenge exists only on signet.
        coreFields.remove("signet_challenge");
        assertThat(ours.propertyNames()).containsExactlyElementsOf(coreFields);
    }
}
