package org.reservegrid.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.reservegrid.verifier.policy.PolicyBuilder.defaultsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reservegrid.verifier.policy.PolicyParseResult.Invalid;
import org.reservegrid.verifier.policy.PolicyParseResult.Parsed;

class PolicyParserTests {
    static final String PRODUCT_POLICY = """
            [policy]
            protocol_version = 2
            required_prevhash_len = 64
            min_avg_fee_lo = 1
            min_avg_fee_mid = 2000
            min_avg_fee_hi = 5000
            low_mempool_tx = 0
            high_mempool_tx = 50
            min_total_fees = 0
            max_tx_count = 10000
            reject_empty_templates = true
            reject_coinbase_zero = true
            unknown_mempool_as_high = true
            max_weight_ratio = 0.999
            max_template_age_secs = 30
            max_sigops_cost = 80000
            max_coinbase_sigops = 20000
            """;

    static Parsed parsed(String toml) {
        PolicyParseResult result = PolicyParser.parse(toml);
        assertThat(result).isInstanceOf(Parsed.class);
        return (Parsed) result;
    }

    static List<PolicyProblem> problems(String toml) {
        PolicyParseResult result = PolicyParser.parse(toml);
        assertThat(result).isInstanceOf(Invalid.class);
        return ((Invalid) result).problems();
    }

    static PolicyProblem onlyProblem(String toml) {
        List<PolicyProblem> problems = problems(toml);
        assertThat(problems).hasSize(1);
        return problems.getFirst();
    }

    @Nested
    class Defaults {
        @Test
        void areTheProductDescriptionValuesWithA4000WeightCoinbaseReserve() {
            assertThat(parsed(PRODUCT_POLICY).policy()).isEqualTo(Policy.DEFAULTS);
            assertThat(Policy.DEFAULTS.coinbaseReservedWeight()).isEqualTo(4_000);
            assertThat(Policy.DEFAULTS.maxWeightRatio()).isEqualTo(0.999);
            assertThat(Policy.DEFAULTS.unknownMempoolAsHigh()).isTrue();
        }

        @Test
        void fillEveryMissingKey() {
            Policy policy = parsed("[policy]\nmax_tx_count = 500\n").policy();

            assertThat(policy).isEqualTo(defaultsWith(p -> p.maxTxCount = 500));
        }

        @Test
        void fillAFileWithoutAPolicyTable() {
            assertThat(parsed("").policy()).isEqualTo(Policy.DEFAULTS);
            assertThat(parsed("# only a comment\n").policy()).isEqualTo(Policy.DEFAULTS);
            assertThat(parsed("[policy]\n").policy()).isEqualTo(Policy.DEFAULTS);
        }

        @Test
        void areWhatTheShippedConfigFileSays() throws IOException {
            String shipped = Files.readString(Path.of("..", "config", "policy.toml"));

            assertThat(parsed(shipped).policy()).isEqualTo(Policy.DEFAULTS);
        }
    }

    @Nested
    class Values {
        @Test
        void acceptEveryTomlIntegerNotation() {
            Policy policy = parsed("""
                            [policy]
                            max_tx_count = 10_000
                            max_sigops_cost = 0x13880
                            max_coinbase_sigops = +20000
                            """).policy();

            assertThat(policy.maxTxCount()).isEqualTo(10_000);
            assertThat(policy.maxSigopsCost()).isEqualTo(80_000);
            assertThat(policy.maxCoinbaseSigops()).isEqualTo(20_000);
        }

        @Test
        void acceptAnIntegerForTheWeightRatio() {
            assertThat(parsed("[policy]\nmax_weight_ratio = 1\n").policy().maxWeightRatio())
                    .isEqualTo(1.0);
        }

        @Test
        void acceptDottedKeysAndInlineTables() {
            assertThat(parsed("policy.max_tx_count = 7\n").policy().maxTxCount())
                    .isEqualTo(7);
            assertThat(parsed("policy = { max_tx_count = 8 }\n").policy().maxTxCount())
                    .isEqualTo(8);
        }
    }

    @Nested
    class Problems {
        @Test
        void anUnknownKeyNamesTheKeyAndItsLine() {
            assertThat(onlyProblem("[policy]\nmax_tx_count = 5\nmax_tx_cuont = 6\n"))
                    .isEqualTo(new PolicyProblem("max_tx_cuont", 3, "unknown key in [policy]"));
        }

        @Test
        void anUnknownTableNamesTheTableAndItsLine() {
            PolicyProblem problem = onlyProblem("[policy]\nmax_tx_count = 5\n\n[polcy]\nmax_tx_count = 6\n");

            assertThat(problem.key()).isEqualTo("polcy");
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.message()).startsWith("unknown table");
        }

        @Test
        void anUnknownTableInsidePolicyNamesItsLine() {
            PolicyProblem problem = onlyProblem("[policy]\nmax_tx_count = 5\n[policy.extra]\na = 1\n");

            assertThat(problem.key()).isEqualTo("extra");
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).isEqualTo("unknown table in [policy]");
        }

        @Test
        void anUnknownTopLevelKeyNamesItsLine() {
            assertThat(onlyProblem("mode = \"inline\"\n[policy]\n").key()).isEqualTo("mode");
            assertThat(onlyProblem("mode = \"inline\"\n[policy]\n").line()).isEqualTo(1);
        }

        @Test
        void aPolicyThatIsNotATableIsAProblem() {
            assertThat(onlyProblem("policy = 5\n"))
                    .isEqualTo(new PolicyProblem("policy", 1, "must be a table, got an integer"));
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "max_tx_count = \"10\"        | max_tx_count            | must be an integer, got a string",
                    "max_tx_count = 10.0          | max_tx_count            | must be an integer, got a float",
                    "protocol_version = true      | protocol_version        | must be an integer, got a boolean",
                    "min_total_fees = [1, 2]      | min_total_fees          | must be an integer, got an array",
                    "max_template_age_secs = 1979-05-27 | max_template_age_secs | must be an integer, got a date or time",
                    "reject_empty_templates = 1   | reject_empty_templates  | must be true or false, got an integer",
                    "reject_coinbase_zero = \"yes\" | reject_coinbase_zero  | must be true or false, got a string",
                    "max_weight_ratio = \"0.5\"   | max_weight_ratio        | must be a number, got a string",
                    "max_sigops_cost = { a = 1 }  | max_sigops_cost         | must be an integer, got a table",
                })
        void aWrongTypeNamesTheKeyAndItsLine(String line, String key, String message) {
            assertThat(onlyProblem("# header comment\n[policy]\n" + line + "\n"))
                    .isEqualTo(new PolicyProblem(key, 3, message));
        }

        @ParameterizedTest
        @CsvSource({
            "min_avg_fee_lo, -1",
            "low_mempool_tx, -1",
            "min_total_fees, -5",
            "max_tx_count, -1",
            "max_template_age_secs, -30",
            "max_sigops_cost, -1",
            "max_coinbase_sigops, -1",
        })
        void aNegativeValueNamesTheKeyAndItsLine(String key, long value) {
            PolicyProblem problem = onlyProblem("[policy]\nprotocol_version = 2\n" + key + " = " + value + "\n");

            assertThat(problem.key()).isEqualTo(key);
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).isEqualTo("must not be negative, got " + value);
        }

        @ParameterizedTest
        @CsvSource({
            "protocol_version, -1",
            "protocol_version, 65536",
            "required_prevhash_len, 0",
            "required_prevhash_len, -64",
            "required_prevhash_len, 256",
            "max_weight_ratio, 0",
            "max_weight_ratio, 0.0",
            "max_weight_ratio, 1.0000001",
            "max_weight_ratio, -0.5",
            "max_weight_ratio, nan",
            "max_weight_ratio, inf",
            "coinbase_reserved_weight, -1",
            "coinbase_reserved_weight, 4000001",
        })
        void aValueOutOfRangeNamesTheKeyAndItsLine(String key, String value) {
            PolicyProblem problem = onlyProblem("[policy]\n" + key + " = " + value + "\n");

            assertThat(problem.key()).isEqualTo(key);
            assertThat(problem.line()).isEqualTo(2);
        }

        @ParameterizedTest
        @CsvSource({
            "protocol_version, 0",
            "protocol_version, 65535",
            "required_prevhash_len, 1",
            "required_prevhash_len, 255",
            "max_weight_ratio, 1.0",
            "max_weight_ratio, 0.000001",
            "coinbase_reserved_weight, 0",
            "coinbase_reserved_weight, 4000000",
        })
        void valuesAtTheEdgesOfTheirRangeAreAccepted(String key, String value) {
            parsed("[policy]\n" + key + " = " + value + "\n");
        }

        @Test
        void anIntegerBeyond64BitsIsAProblemNotAWrappedValue() {
            assertThat(onlyProblem("[policy]\nmax_tx_count = 99999999999999999999\n"))
                    .isEqualTo(new PolicyProblem("max_tx_count", 2, "integer does not fit in 64 bits"));
            assertThat(onlyProblem("[policy]\nmax_sigops_cost = 9_223_372_036_854_775_808 # 2^63\n")
                            .message())
                    .isEqualTo("integer does not fit in 64 bits");
        }

        @Test
        void aBrokenFeeOrderingNamesTheUpperKeyWhenBothAreWritten() {
            PolicyProblem problem = onlyProblem("[policy]\nmin_avg_fee_lo = 3000\nmin_avg_fee_mid = 2500\n");

            assertThat(problem.key()).isEqualTo("min_avg_fee_mid");
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).isEqualTo("min_avg_fee_lo (3000) must not exceed min_avg_fee_mid (2500)");
        }

        @Test
        void aBrokenOrderingAgainstADefaultNamesTheWrittenKey() {
            // mid and hi keep their defaults (2000, 5000); lo is the only key written.
            PolicyProblem problem = onlyProblem("[policy]\n\nmin_avg_fee_lo = 2001\n");

            assertThat(problem.key()).isEqualTo("min_avg_fee_lo");
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).isEqualTo("min_avg_fee_lo (2001) must not exceed min_avg_fee_mid (2000)");
        }

        @Test
        void aBrokenMidHighOrderingIsFound() {
            PolicyProblem problem = onlyProblem("[policy]\nmin_avg_fee_hi = 1999\n");

            assertThat(problem.key()).isEqualTo("min_avg_fee_hi");
            assertThat(problem.line()).isEqualTo(2);
        }

        @Test
        void aLowMempoolThresholdAboveTheHighOneIsAProblem() {
            PolicyProblem problem = onlyProblem("[policy]\nlow_mempool_tx = 100\nhigh_mempool_tx = 99\n");

            assertThat(problem.key()).isEqualTo("high_mempool_tx");
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).isEqualTo("low_mempool_tx (100) must not exceed high_mempool_tx (99)");
        }

        @Test
        void equalThresholdsAreAllowed() {
            parsed("[policy]\nlow_mempool_tx = 50\nmin_avg_fee_lo = 2000\nmin_avg_fee_hi = 2000\n");
        }

        @Test
        void everyProblemIsReportedInLineOrder() {
            List<PolicyProblem> problems = problems("""
                    [policy]
                    protocol_version = 70000
                    max_tx_count = "many"
                    colour = "blue"
                    max_weight_ratio = 2.0

                    [extras]
                    a = 1
                    """);

            assertThat(problems)
                    .extracting(PolicyProblem::key, PolicyProblem::line)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("protocol_version", 2),
                            org.assertj.core.groups.Tuple.tuple("max_tx_count", 3),
                            org.assertj.core.groups.Tuple.tuple("colour", 4),
                            org.assertj.core.groups.Tuple.tuple("max_weight_ratio", 5),
                            org.assertj.core.groups.Tuple.tuple("extras", 7));
        }

        @Test
        void aKeyWithAWrongTypeIsNotAlsoReportedForOrdering() {
            // min_avg_fee_mid is unusable; lo = 3000 is not compared against it.
            List<PolicyProblem> problems = problems("[policy]\nmin_avg_fee_lo = 3000\nmin_avg_fee_mid = \"x\"\n");

            assertThat(problems).extracting(PolicyProblem::key).containsExactly("min_avg_fee_mid");
        }

        @Test
        void aSyntaxErrorGivesTheParsersLine() {
            PolicyProblem missingValue = onlyProblem("[policy]\nmax_tx_count = 5\nmax_sigops_cost =\nx = 1\n");
            PolicyProblem openString = onlyProblem("[policy]\n\n\nmax_tx_count = \"abc\nmore = 1\n");
            PolicyProblem openHeader = onlyProblem("# policy\n[policy\nmax_tx_count = 5\n");

            assertThat(missingValue.key()).isEmpty();
            assertThat(missingValue.line()).isEqualTo(3);
            assertThat(missingValue.message()).startsWith("TOML syntax error: ");
            assertThat(openString.line()).isEqualTo(4);
            assertThat(openHeader.line()).isEqualTo(2);
        }

        @Test
        void aDuplicateKeyOrTableIsASyntaxError() {
            PolicyProblem duplicateKey = onlyProblem("[policy]\nmax_tx_count = 5\nmax_tx_count = 6\n");
            PolicyProblem duplicateTable = onlyProblem("[policy]\nmax_tx_count = 5\n[policy]\n");

            assertThat(duplicateKey.message()).startsWith("TOML syntax error: ");
            assertThat(duplicateKey.line()).isEqualTo(3);
            assertThat(duplicateTable.message()).startsWith("TOML syntax error: ");
        }

        @Test
        void anOversizedFileIsRejectedBeforeParsing() {
            String huge = "[policy]\n" + "# padding\n".repeat(PolicyParser.MAX_SOURCE_CHARS / 10);

            assertThat(onlyProblem(huge).message()).contains("longer than");
        }

        @Test
        void deeplyNestedArraysAreASyntaxErrorNotACrash() {
            String nested = "[policy]\nx = " + "[".repeat(60_000);

            assertThat(onlyProblem(nested).key()).isEmpty();
        }
    }

    @Nested
    class CanonicalForm {
        @Test
        void hashesEqualPoliciesEquallyWhateverTheLayout() {
            Parsed product = parsed(PRODUCT_POLICY);
            Parsed reordered = parsed("""
                    # operators' notes
                    [policy]
                    max_coinbase_sigops = 20_000   # consensus-ish
                    max_weight_ratio = 9.99e-1
                    protocol_version = 2
                    """);
            Parsed empty = parsed("");

            assertThat(reordered.sha256Hex()).isEqualTo(product.sha256Hex());
            assertThat(empty.sha256Hex()).isEqualTo(product.sha256Hex());
            assertThat(reordered.canonicalToml()).isEqualTo(product.canonicalToml());
        }

        @Test
        void hashesDifferentPoliciesDifferently() {
            assertThat(parsed("[policy]\nmax_tx_count = 9999\n").sha256Hex())
                    .isNotEqualTo(parsed("").sha256Hex());
        }

        @Test
        void isTheSha256OfTheCanonicalToml() {
            Parsed product = parsed(PRODUCT_POLICY);

            assertThat(product.canonicalToml()).isEqualTo(PolicyParser.toToml(Policy.DEFAULTS));
            assertThat(product.sha256Hex()).isEqualTo(PolicyParser.sha256Hex(product.canonicalToml()));
            assertThat(product.sha256Hex()).hasSize(64).matches("[0-9a-f]{64}");
        }

        @Test
        void listsEveryKeyInDeclarationOrder() {
            assertThat(PolicyParser.toToml(Policy.DEFAULTS))
                    .isEqualTo(PRODUCT_POLICY + "coinbase_reserved_weight = 4000\n");
        }

        @Test
        void roundTripsThroughTheParser() {
            Policy unusual = defaultsWith(p -> {
                p.protocolVersion = 65_535;
                p.maxWeightRatio = 1.0E-5;
                p.rejectEmptyTemplates = false;
                p.minTotalFees = Long.MAX_VALUE;
                p.coinbaseReservedWeight = 0;
            });

            Parsed reparsed = parsed(PolicyParser.toToml(unusual));

            assertThat(reparsed.policy()).isEqualTo(unusual);
            assertThat(reparsed.canonicalToml()).isEqualTo(PolicyParser.toToml(unusual));
        }
    }

    @Test
    void thePolicyRecordRejectsWhatTheParserReports() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaultsWith(p -> p.maxWeightRatio = 0))
                .withMessageContaining("max_weight_ratio");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaultsWith(p -> p.minAvgFeeLo = 6000))
                .withMessageContaining("min_avg_fee_lo (6000) must not exceed min_avg_fee_mid (2000)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaultsWith(p -> p.protocolVersion = 70_000))
                .withMessageContaining("protocol_version");
    }

    @Test
    void activePolicyInsistsOnASha256HexHash() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ActivePolicy(Policy.DEFAULTS, 1, "abc"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ActivePolicy(Policy.DEFAULTS, 1, "AB".repeat(32)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ActivePolicy(Policy.DEFAULTS, 1L << 32, "ab".repeat(32)));
        Parsed parsed = parsed("");
        assertThat(ActivePolicy.of(parsed, 1)).isEqualTo(new ActivePolicy(Policy.DEFAULTS, 1, parsed.sha256Hex()));
    }

    @Test
    void mempoolViewsAreKnownCountsOrUnknown() {
        assertThat(MempoolView.unknown().known()).isFalse();
        assertThat(MempoolView.unknown().txCount()).isEqualTo(-1);
        assertThat(new MempoolView(0).known()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> new MempoolView(-2));
    }
}
