package org.reservegrid.gateway.template;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.reservegrid.gateway.support.Templates;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** No event data makes the parser throw anything but its typed error. */
class TemplateEventsPropertyTests {
    private static final TemplateEvents EVENTS =
            new TemplateEvents(JsonMapper.builder().build());
    private static final String VALID = Templates.empty(1, 10, Templates.hash(1), Templates.REGTEST_BITS, 1000)
            .toString();

    @Property(tries = 300)
    void arbitraryTextIsATemplateOrATypedError(@ForAll("eventData") String data) {
        for (boolean template : new boolean[] {true, false}) {
            try {
                if (template) {
                    assertThat(EVENTS.template(data, 0)).isNotNull();
                } else {
                    assertThat(EVENTS.verdict(data)).isNotNull();
                }
            } catch (TemplateEvents.MalformedEventException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Property(tries = 300)
    void anyFieldOfAValidTemplateReplacedByAnyValueIsATemplateOrATypedError(
            @ForAll("fields") String field, @ForAll("values") String value) {
        ObjectNode json = (ObjectNode) JsonMapper.builder().build().readTree(VALID);
        json.set(field, JsonMapper.builder().build().readTree(value));
        try {
            EVENTS.template(json.toString(), 0);
        } catch (TemplateEvents.MalformedEventException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> eventData() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,0123456789abcdef-. ").ofMaxLength(120),
                Arbitraries.integers().between(0, VALID.length()).map(cut -> VALID.substring(0, cut)));
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(
                "sequence",
                "height",
                "prev_hash",
                "version",
                "bits",
                "curtime",
                "coinbase_value",
                "default_witness_commitment",
                "transactions");
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of(
                "null",
                "-1",
                "0",
                "1.5",
                "18446744073709551616",
                "\"\"",
                "\"zz\"",
                "\"207fffff\"",
                "[]",
                "[{}]",
                "[{\"data\":\"00\",\"txid\":\"" + "00".repeat(32) + "\"}]",
                "{}",
                "{\"given\":\"6a24\"}",
                "{\"given\":\"" + "ab".repeat(32) + "\"}",
                "true",
                "\"" + "11".repeat(32) + "\"");
    }
}
