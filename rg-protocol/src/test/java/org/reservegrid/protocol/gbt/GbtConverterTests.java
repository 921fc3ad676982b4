package org.reservegrid.protocol.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.testkit.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class GbtConverterTests {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(TestData.fixture("gbt/" + name));
    }

    private static ObjectNode regtestTemplate() throws IOException {
        return (ObjectNode) MAPPER.readTree(fixture("core-regtest-h506-4tx.json"));
    }

    private static TemplatePropose convert(JsonNode gbt) {
        return GbtConverter.toPropose(gbt, 7, 2, 400);
    }

    @Test
    void regtestTemplateConvertsEveryField() throws IOException {
        TemplatePropose propose = convert(regtestTemplate());

        assertThat(propose.requestId()).isEqualTo(7);
        assertThat(propose.protocolVersion()).isEqualTo(2);
        assertThat(propose.coinbaseSigops()).isEqualTo(400);
        assertThat(propose.prevHash()).isEqualTo("5e9a183768460fbf56eab199a66057375b424bdca195e7ecc808374365a7ea67");
        assertThat(propose.version()).isEqualTo(536870912);
        assertThat(propose.bits()).isEqualTo(0x207fffff);
        assertThat(propose.height()).isEqualTo(506);
        assertThat(propose.curtime()).isEqualTo(1747977029L);
        assertThat(propose.coinbaseValue()).isEqualTo(625011280L);
        assertThat(propose.transactions().size()).isEqualTo(4);
        assertThat(propose.transactions().totalFees()).isEqualTo(4 * 2820);
        assertThat(propose.transactions().totalWeight()).isEqualTo(4 * 561);
        assertThat(propose.transactions().totalSigops()).isEqualTo(4);
    }

    @Test
    void txidsAreStoredInInternalByteOrder() throws IOException {
        TemplatePropose propose = convert(regtestTemplate());

        byte[] display = HexFormat.of().parseHex("19d9fe2c24a7b88b4d0455c9f42ce16eec881a9fc2cf1194a554129f8e297c27");
        byte[] internal = propose.transactions().txid(0);
        for (int i = 0; i < 32; i++) {
            assertThat(internal[i]).isEqualTo(display[31 - i]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"core-regtest-h506-4tx.json", "core-signet-h108-0tx.json", "core-signet-h956-4tx.json"})
    void bytesAndTreeInputsConvertAlike(String name) throws IOException {
        byte[] json = fixture(name);

        TemplatePropose fromBytes = GbtConverter.toPropose(json, 1, 2, 0);
        TemplatePropose fromTree = GbtConverter.toPropose(MAPPER.readTree(json), 1, 2, 0);

        assertThat(fromBytes).isEqualTo(fromTree);
    }

    @Test
    void templateWithoutTransactionsHasAnEmptyTable() throws IOException {
        TemplatePropose propose = GbtConverter.toPropose(fixture("core-signet-h108-0tx.json"), 1, 2, 0);

        assertThat(propose.transactions().size()).isZero();
        assertThat(propose.height()).isEqualTo(108);
    }

    /** Found by the verifier-gbt fuzz target: Jackson rejects the encoding while creating the parser. */
    @Test
    void bytesInNoJsonEncodingAreMalformedNotAParserError() {
        byte[] ucs4Unknown = {0, 0, 1, 0, (byte) 0xbb, 0, 0x13, 0, 0, 0, 0, 0, 0, '{', '"', 'b'};
        assertThatThrownBy(() -> GbtConverter.toPropose(ucs4Unknown, 1, 2, 400))
                .isInstanceOfSatisfying(GbtConversionException.class, e -> {
                    assertThat(e.problem()).isEqualTo(GbtConversionException.Problem.MALFORMED_JSON);
                    assertThat(e.getMessage()).contains("UCS-4");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"previousblockhash", "version", "bits", "height", "curtime", "coinbasevalue", "transactions"})
    void missingTopLevelFieldIsNamed(String field) throws IOException {
        ObjectNode gbt = regtestTemplate();
        gbt.remove(field);

        assertThatThrownBy(() -> convert(gbt)).isInstanceOfSatisfying(GbtConversionException.class, e -> {
            assertThat(e.problem()).isEqualTo(GbtConversionException.Problem.MISSING_FIELD);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(field);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"txid", "fee", "weight", "sigops"})
    void missingTransactionFieldIsNamedWithItsIndex(String field) throws IOException {
        ObjectNode gbt = regtestTemplate();
        ((ObjectNode) gbt.get("transactions").get(2)).remove(field);

        assertThatThrownBy(() -> convert(gbt)).isInstanceOfSatisfying(GbtConversionException.class, e -> {
            assertThat(e.problem()).isEqualTo(GbtConversionException.Problem.MISSING_FIELD);
            assertThat(e.field()).isEqualTo("transactions[2]." + field);
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bits|\"zz7fffff\"|bits",
                "bits|\"7fffff\"|bits",
                "bits|545259519|bits",
                "height|-1|height",
                "height|4294967296|height",
                "curtime|1.5|curtime",
                "coinbasevalue|-5|coinbasevalue",
                "coinbasevalue|99999999999999999999|coinbasevalue",
                "version|\"536870912\"|version",
                "previousblockhash|42|previousblockhash",
                "previousblockhash|\"caf\u00e9\"|previousblockhash",
                "transactions|{}|transactions",
                "transactions|[1]|transactions[0]",
                "transactions|[{\"txid\":\"00\",\"fee\":1,\"weight\":4,\"sigops\":0}]|transactions[0].txid",
            })
    void invalidValueIsNamed(String field, String json, String reported) throws IOException {
        ObjectNode gbt = regtestTemplate();
        gbt.set(field, MAPPER.readTree(json));

        assertThatThrownBy(() -> convert(gbt)).isInstanceOfSatisfying(GbtConversionException.class, e -> {
            assertThat(e.problem()).isEqualTo(GbtConversionException.Problem.INVALID_FIELD);
            assertThat(e.field()).isEqualTo(reported);
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "fee|-1",
                "fee|2.5",
                "weight|2147483648",
                "sigops|\"1\"",
                "txid|\"g9d9fe2c24a7b88b4d0455c9f42ce16eec881a9fc2cf1194a554129f8e297c27\"",
            })
    void invalidTransactionValueIsNamedWithItsIndex(String field, String json) throws IOException {
        ObjectNode gbt = regtestTemplate();
        ((ObjectNode) gbt.get("transactions").get(1)).set(field, MAPPER.readTree(json));

        assertThatThrownBy(() -> convert(gbt)).isInstanceOfSatisfying(GbtConversionException.class, e -> {
            assertThat(e.problem()).isEqualTo(GbtConversionException.Problem.INVALID_FIELD);
            assertThat(e.field()).isEqualTo("transactions[1]." + field);
        });
    }

    @Test
    void prevHashIsPassedOnForThePolicyToJudge() throws IOException {
        ObjectNode gbt = regtestTemplate();
        gbt.put("previousblockhash", "not-a-hash");

        assertThat(convert(gbt).prevHash()).isEqualTo("not-a-hash");
    }

    @Test
    void unknownFieldsAndNullsAreIgnored() throws IOException {
        ObjectNode gbt = regtestTemplate();
        gbt.putNull("default_witness_commitment");
        gbt.putArray("extra").add(MAPPER.createObjectNode().put("nested", true));

        assertThat(convert(gbt).transactions().size()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"height\": }", "nonsense", "{} {}", "\"text\""})
    void malformedJsonIsATypedError(String json) {
        assertThatThrownBy(() -> GbtConverter.toPropose(json.getBytes(StandardCharsets.UTF_8), 1, 2, 0))
                .isInstanceOfSatisfying(
                        GbtConversionException.class,
                        e -> assertThat(e.problem()).isEqualTo(GbtConversionException.Problem.MALFORMED_JSON));
    }

    @Test
    void largeTemplateConvertsEveryTransaction() throws IOException {
        ObjectNode gbt = regtestTemplate();
        ArrayNode transactions = gbt.putArray("transactions");
        for (int i = 0; i < 4000; i++) {
            transactions.add(MAPPER.createObjectNode()
                    .put("data", "00".repeat(250))
                    .put("txid", String.format("%064x", i))
                    .put("fee", 1000 + i)
                    .put("weight", 800)
                    .put("sigops", 2));
        }
        byte[] json = MAPPER.writeValueAsBytes(gbt);

        TemplatePropose propose = GbtConverter.toPropose(json, 1, 2, 0);

        assertThat(propose.transactions().size()).isEqualTo(4000);
        assertThat(propose.transactions().totalFees()).isEqualTo(4000L * 1000 + 3999L * 4000 / 2);
        assertThat(propose.transactions().txid(3999)[0]).isEqualTo((byte) 0x9f);
        assertThat(propose.transactions().txid(3999)[1]).isEqualTo((byte) 0x0f);
    }
}
