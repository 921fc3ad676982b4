package org.reservegrid.feedadapter.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.reservegrid.demofeed.simulation.FeedSimulator;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulatedFrame;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FrameParserTests {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final FrameParser PARSER = new FrameParser(JSON);
    private static final String PREV = "00000000000000000001aa3f6e1f6a8c3aee1a6a7c51e0a3a7d6f4f1b5f3f2e1";

    private static String demoFrame() {
        SimulatedFrame frame = new FeedSimulator(new SimulationSettings(
                        Scenario.NORMAL,
                        8,
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(10),
                        SimulationSettings.BlockTiming.FIXED,
                        1_750_000_000L,
                        900_000))
                .next();
        return new String(frame.json(), StandardCharsets.UTF_8);
    }

    private static String bareFrame(String template) {
        return "{\"type\":\"gbt\",\"seq\":5,\"template\":" + template + "}";
    }

    @Test
    void aDemoFeedFrameBecomesASnapshotWithTheTemplateUnchanged() throws Exception {
        String text = demoFrame();
        FeedSnapshot snapshot = PARSER.parse(text, 7);
        JsonNode frame = JSON.readTree(text);
        JsonNode template = frame.get("template");
        assertThat(snapshot.seq()).isEqualTo(1);
        assertThat(JSON.readTree(snapshot.templateJson())).isEqualTo(template);
        assertThat(snapshot.longPollId()).isEqualTo(template.get("longpollid").asString());
        assertThat(snapshot.height()).isEqualTo(900_000);
        assertThat(snapshot.previousBlockHash())
                .isEqualTo(template.get("previousblockhash").asString());
        assertThat(snapshot.tipMedianTime())
                .isEqualTo(frame.get("tip").get("mediantime").asLong());
        assertThat(snapshot.mempool()).isEqualTo(frame.get("mempool"));
        assertThat(snapshot.receivedAtNanos()).isEqualTo(7);
    }

    @Test
    void aTipTimeBeyondALongReadsAsNotGiven() throws Exception {
        // Fuzz finding: Jackson's asLong() throws for an integer beyond 64 bits, which escaped as a JsonNodeException.
        String template = "{\"previousblockhash\":\"" + PREV
                + "\",\"height\":12,\"bits\":\"207fffff\",\"curtime\":1700000000,\"transactions\":[]}";
        FeedSnapshot snapshot = PARSER.parse(
                "{\"type\":\"gbt\",\"seq\":5,\"template\":" + template + ",\"tip\":{\"time\":1" + "5".repeat(40)
                        + ",\"mediantime\":1700000000}}",
                0);
        assertThat(snapshot.tipTime()).isNull();
        assertThat(snapshot.tipMedianTime()).isEqualTo(1_700_000_000L);
    }

    @Test
    void aBareTemplateWithoutLongpollidOrMempoolGetsBoth() throws Exception {
        FeedSnapshot snapshot = PARSER.parse(
                bareFrame("{\"previousblockhash\":\"" + PREV
                        + "\",\"height\":12,\"bits\":\"207fffff\",\"curtime\":1700000000,"
                        + "\"transactions\":[{\"fee\":300,\"weight\":561},{\"fee\":1000,\"weight\":800}]}"),
                0);
        assertThat(snapshot.longPollId()).isEqualTo(PREV + "5");
        assertThat(JSON.readTree(snapshot.templateJson()).get("longpollid").asString())
                .isEqualTo(PREV + "5");
        assertThat(snapshot.mempool().get("size").asLong()).isEqualTo(2);
        assertThat(snapshot.mempool().get("bytes").asLong()).isEqualTo(141 + 200);
        assertThat(snapshot.mempool().get("total_fee").decimalValue()).isEqualByComparingTo("0.00001300");
        assertThat(snapshot.mintime()).isEqualTo(1_700_000_000L);
    }

    @Test
    void malformedFramesAreRejectedWithTheFieldNamed() {
        String template = "{\"previousblockhash\":\"" + PREV
                + "\",\"height\":12,\"bits\":\"207fffff\",\"curtime\":1,\"transactions\":[]}";
        assertRejected("not json", "frame is not valid JSON");
        assertRejected("[1,2]", "frame is not a JSON object");
        assertRejected("{\"type\":\"hello\",\"seq\":1,\"template\":" + template + "}", "frame type is not \"gbt\"");
        assertRejected("{\"type\":\"gbt\",\"seq\":\"1\",\"template\":" + template + "}", "frame seq is not an integer");
        assertRejected("{\"type\":\"gbt\",\"seq\":1}", "frame has no template object");
        assertRejected(bareFrame(template.replace(PREV, "xyz")), "template previousblockhash is missing or malformed");
        assertRejected(
                bareFrame(template.replace("\"height\":12", "\"height\":-1")), "template height must be positive");
        assertRejected(
                bareFrame(template.replace("\"height\":12", "\"height\":1.5")),
                "template height is missing or not an integer");
        assertRejected(bareFrame(template.replace("207fffff", "7fff")), "template bits is missing or malformed");
        assertRejected(
                bareFrame(template.replace("\"transactions\":[]", "\"transactions\":{}")),
                "template transactions is not an array");
        assertRejected(
                bareFrame(template.replace("\"curtime\":1", "\"curtime\":1,\"longpollid\":7")),
                "template longpollid is not a string");
    }

    private static void assertRejected(String frame, String message) {
        assertThatThrownBy(() -> PARSER.parse(frame, 0))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage(message);
    }

    @Property(tries = 300)
    void noInputMakesTheParserThrowAnythingButTheTypedError(@ForAll String text) {
        try {
            PARSER.parse(text, 0);
        } catch (InvalidFrameException expected) {
            // The only acceptable failure.
        }
    }

    @Property(tries = 200)
    void truncatedFramesAreRejectedNeverHalfAccepted(@ForAll("cuts") int cut) {
        String text = FRAME;
        String truncated = text.substring(0, Math.min(cut, text.length() - 1));
        assertThatThrownBy(() -> PARSER.parse(truncated, 0)).isInstanceOf(InvalidFrameException.class);
    }

    private static final String FRAME = bareFrame(
            "{\"previousblockhash\":\"" + PREV
                    + "\",\"height\":12,\"bits\":\"207fffff\",\"curtime\":1,\"transactions\":[{\"data\":\"00\",\"fee\":1,\"weight\":4}]}");

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, FRAME.length() - 1);
    }
}
