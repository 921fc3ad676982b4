package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.templates.metrics.ErrorKind;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one set of rules for {@code bits}, {@code target}, txids, wtxids and transaction data. Before there was one
 * parse, the proposal's converter read {@code bits} and txids with {@link Character#digit} (which takes a leading
 * {@code +} for bits and other scripts' digits for both) while the stream's parser took ASCII hex digits only.
 */
class GbtParserRulesTests {
    private static final String FIXTURE = "core-regtest-h506-4tx.json";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+07fffff", // Integer.parseUnsignedInt took the sign
                "\uff12\uff10\uff17fffff", // fullwidth digits: Character.digit took them
                "\u0662\u0660\u0667fffff", // Arabic-Indic digits
                "207ffff", // 7 digits
                "207fffff0", // 9 digits
                "0x7fffff",
                " 207ffff",
                ""
            })
    void bitsAreExactlyEightAsciiHexDigitsOrNoProposalCanBeBuilt(String bits) {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        gbt.put("bits", bits);

        assertUnproposable(gbt, "bits");
    }

    @Test
    void bitsGivenAsANumberAreRefusedLikeMalformedText() {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        gbt.put("bits", 0x207fffff);

        assertUnproposable(gbt, "bits");
    }

    @Test
    void upperCaseHexIsAcceptedAndPassedOnAsGiven() {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        gbt.put("bits", "207FFFFF");
        String txid = tx(gbt).get("txid").asString().toUpperCase(java.util.Locale.ROOT);
        tx(gbt).put("txid", txid);

        BlockTemplate template = GbtParser.parse(gbt);

        assertThat(template.bits()).isEqualTo("207FFFFF");
        assertThat(template.transactions().getFirst().txid()).isEqualTo(txid);
        assertThat(template.propose(2, 400)).isEqualTo(GbtConverter.toPropose(gbt, 0, 2, 400));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u0660", // an Arabic-Indic zero in place of the first digit: Character.digit took it
                "\uff41", // a fullwidth 'a'
                "g"
            })
    void aTxidIsSixtyFourAsciiHexDigitsOrNoProposalCanBeBuilt(String firstDigit) {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        tx(gbt).put("txid", firstDigit + tx(gbt).get("txid").asString().substring(1));

        assertUnproposable(gbt, "transactions[0].txid");
    }

    @Test
    void aBtcdTxidInHashFollowsTheSameRule() {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        String hash = "\u0660" + tx(gbt).get("txid").asString().substring(1);
        tx(gbt).remove("txid");
        tx(gbt).put("hash", hash);

        assertUnproposable(gbt, "transactions[0].txid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7fffff", "\u0660" + "000000000000000000000000000000000000000000000000000000000000000"})
    void aTargetTheNodeGivesIsSixtyFourAsciiHexDigitsOrTheTemplateIsNotStreamed(String target) {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        gbt.put("target", target);

        assertUnstreamableButProposable(gbt, "target");
    }

    @Test
    void aTargetIsPassedOnAsGivenEvenWhenItDisagreesWithBits() {
        // Nothing compared the two before, and the gateway's share and block checks use bits.
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        String other = "0".repeat(63) + "1";
        gbt.put("target", other);

        assertThat(GbtParser.parse(gbt).target()).isEqualTo(other);
    }

    @Test
    void bitsWhoseTargetIsWiderThan256BitsKeepTheTemplateOffTheStream() {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        gbt.remove("target");
        gbt.put("bits", "227fffff");

        assertUnstreamableButProposable(gbt, "bits 227fffff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "abc", "", "\u0660\u0660"})
    void transactionDataIsAnEvenNumberOfAsciiHexDigitsOrTheTemplateIsNotStreamed(String data) {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        tx(gbt).put("data", data);

        assertUnstreamableButProposable(gbt, "transactions[0].data");
    }

    @Test
    void aWtxidIsSixtyFourAsciiHexDigitsOrTheTemplateIsNotStreamed() {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        tx(gbt).put("hash", "\u0660" + tx(gbt).get("hash").asString().substring(1));

        assertUnstreamableButProposable(gbt, "transactions[0].hash");
    }

    @Test
    void aProposalProblemAnywhereOutranksAStreamProblemBeforeIt() {
        ObjectNode gbt = SharedFixtures.gbt(FIXTURE);
        tx(gbt).remove("data");
        ((ObjectNode) gbt.get("transactions").get(2)).remove("fee");

        assertUnproposable(gbt, "transactions[2].fee");
    }

    @Test
    void theWitnessCommitmentIsRecognisedWithTheSameHexRule() {
        String hash = "\u0660" + "1".repeat(63);

        assertThat(WitnessCommitment.of(hash).form()).isEqualTo(WitnessCommitment.Form.UNRECOGNISED);
        assertThat(WitnessCommitment.of("1".repeat(64)).form()).isEqualTo(WitnessCommitment.Form.BARE_HASH);
        assertThat(WitnessCommitment.of(WitnessCommitment.SCRIPT_PREFIX + "AB".repeat(32))
                        .script())
                .isEqualTo(WitnessCommitment.SCRIPT_PREFIX + "ab".repeat(32));
    }

    private static void assertUnproposable(ObjectNode gbt, String field) {
        assertThatThrownBy(() -> GbtParser.read(gbt))
                .isInstanceOfSatisfying(
                        MalformedTemplateException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONVERSION_FAILED))
                .hasMessageContaining(field);
    }

    private static void assertUnstreamableButProposable(ObjectNode gbt, String field) {
        GbtParser.Parsed parsed = GbtParser.read(gbt);

        assertThat(parsed.streamProblem()).isNotNull();
        assertThat(parsed.streamProblem().kind()).isEqualTo(ErrorKind.MALFORMED_TEMPLATE);
        assertThat(parsed.streamProblem()).hasMessageContaining(field);
        assertThat(parsed.template().propose(2, 400)).isEqualTo(GbtConverter.toPropose(gbt, 0, 2, 400));
        assertThatThrownBy(() -> GbtParser.parse(gbt))
                .isInstanceOfSatisfying(
                        MalformedTemplateException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_TEMPLATE))
                .hasMessage(parsed.streamProblem().getMessage());
    }

    private static ObjectNode tx(ObjectNode gbt) {
        return (ObjectNode) gbt.get("transactions").get(0);
    }
}
