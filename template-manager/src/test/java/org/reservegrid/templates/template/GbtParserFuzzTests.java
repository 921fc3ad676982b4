package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.reservegrid.common.fuzz.AllocationBudget;
import org.reservegrid.protocol.gbt.GbtConversionException;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzz target for the template manager's getblocktemplate reading, in Core's, bcoin's and btcd's
 * shapes (docs/fuzzing.md). Only {@link MalformedTemplateException} may escape {@link GbtParser#read}; a template
 * it accepts proposes exactly what rg-protocol's {@link GbtConverter} makes of the same JSON whenever the converter
 * accepts it too (the two must never judge one template differently).
 */
class GbtParserFuzzTests {

    private static final AllocationBudget BUDGET = AllocationBudget.textParser();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @FuzzTest
    void gbt(byte[] input) {
        JsonNode tree;
        try {
            tree = JSON.readTree(input);
        } catch (JacksonException e) {
            return; // Not JSON: the RPC client refuses it before the parser sees it.
        }
        if (tree == null) {
            return;
        }
        GbtParser.Parsed parsed;
        try {
            parsed = BUDGET.check(input.length, () -> GbtParser.read(tree));
        } catch (MalformedTemplateException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        TemplatePropose proposed = parsed.template().propose(2, 400);
        TemplatePropose converted;
        try {
            converted = GbtConverter.toPropose(tree, 0, 2, 400);
        } catch (GbtConversionException e) {
            return;
        }
        assertThat(proposed).isEqualTo(converted);
    }
}
