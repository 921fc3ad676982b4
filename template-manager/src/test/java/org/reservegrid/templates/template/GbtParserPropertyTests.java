package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.gbt.GbtConverter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever a node sends, parsing either succeeds or fails with the typed error; and whatever it accepts as a
 * proposal, the verifier's own parse of the same answer reads the same way.
 */
class GbtParserPropertyTests {
    private static final ObjectNode FIXTURE = SharedFixtures.gbt("core-signet-h956-4tx.json");
    private static final List<String> PATHS = paths(FIXTURE);

    @Property(tries = 300)
    void anyFieldReplacedByAnyValueGivesATemplateOrTheTypedError(
            @ForAll("paths") String path, @ForAll("values") JsonNode value) {
        ObjectNode gbt = FIXTURE.deepCopy();
        int split = path.lastIndexOf('/');
        JsonNode parent = gbt.at(path.substring(0, split));
        String key = path.substring(split + 1);
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof tools.jackson.databind.node.ArrayNode array) {
            array.set(Integer.parseInt(key), value);
        }

        assertThatCode(() -> {
                    try {
                        GbtParser.parse(gbt);
                    } catch (MalformedTemplateException expected) {
                        // the typed error is an allowed outcome
                    }
                })
                .doesNotThrowAnyException();
    }

    @Property(tries = 300)
    void aProposalBuiltFromAnyAcceptedTemplateIsTheOneTheVerifiersParseGives(
            @ForAll("paths") String path, @ForAll("values") JsonNode value) {
        ObjectNode gbt = mutated(path, value);
        GbtParser.Parsed parsed;
        try {
            parsed = GbtParser.read(gbt);
        } catch (MalformedTemplateException refused) {
            return;
        }

        assertThat(parsed.template().propose(2, 400)).isEqualTo(GbtConverter.toPropose(gbt, 0, 2, 400));
    }

    private static ObjectNode mutated(String path, JsonNode value) {
        ObjectNode gbt = FIXTURE.deepCopy();
        int split = path.lastIndexOf('/');
        JsonNode parent = gbt.at(path.substring(0, split));
        String key = path.substring(split + 1);
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof tools.jackson.databind.node.ArrayNode array) {
            array.set(Integer.parseInt(key), value);
        }
        return gbt;
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of(PATHS);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.just(nodes.nullNode()),
                Arbitraries.longs().map(nodes::numberNode),
                Arbitraries.doubles().map(nodes::numberNode),
                Arbitraries.strings().ofMaxLength(70).map(nodes::stringNode),
                Arbitraries.strings()
                        .withChars("0123456789abcdef")
                        .ofMaxLength(80)
                        .map(nodes::stringNode),
                Arbitraries.just(nodes.booleanNode(true)),
                Arbitraries.just(nodes.objectNode()),
                Arbitraries.just(nodes.arrayNode().add(1).add("x")));
    }

    private static List<String> paths(JsonNode root) {
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, List<String> paths) {
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                paths.add(prefix + "/" + name);
                collect(node.get(name), prefix + "/" + name, paths);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.add(prefix + "/" + i);
                collect(node.get(i), prefix + "/" + i, paths);
            }
        }
    }
}
