package org.reservegrid.feedadapter.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.fuzz.AllocationBudget;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzz target for feed frames as the adapter receives them (docs/fuzzing.md, docs/feed-protocol.md).
 * Only {@link InvalidFrameException} may escape; an accepted frame's template re-serialises to a JSON object that
 * holds the fields the snapshot names, and parsing is deterministic.
 */
class FrameParserFuzzTests {

    private static final AllocationBudget BUDGET = AllocationBudget.textParser();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FrameParser PARSER = new FrameParser(JSON);

    @FuzzTest
    void frame(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Outcome outcome = BUDGET.check(input.length, () -> parse(text));
        if (outcome.rejection() != null) {
            assertThat(outcome.rejection()).isNotBlank();
            return;
        }
        FeedSnapshot snapshot = outcome.snapshot();
        assertThat(snapshot).isNotNull();
        JsonNode template = JSON.readTree(snapshot.templateJson());
        assertThat(template.isObject()).isTrue();
        assertThat(template.path("previousblockhash").asString()).isEqualTo(snapshot.previousBlockHash());
        assertThat(template.path("longpollid").asString()).isEqualTo(snapshot.longPollId());
        assertThat(parse(text)).isEqualTo(outcome);
    }

    /** The checked rejection as a value, so that the parse can run under the allocation budget's {@code Supplier}. */
    private record Outcome(
            @Nullable FeedSnapshot snapshot, @Nullable String rejection) {}

    private static Outcome parse(String text) {
        try {
            return new Outcome(PARSER.parse(text, 0L), null);
        } catch (InvalidFrameException e) {
            return new Outcome(null, e.getMessage());
        }
    }
}
