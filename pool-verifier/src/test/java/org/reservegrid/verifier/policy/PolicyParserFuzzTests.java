package org.reservegrid.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.reservegrid.common.fuzz.AllocationBudget;

/**
 * Coverage-guided fuzz target for policy.toml (docs/fuzzing.md). {@link PolicyParser#parse} promises never to
 * throw: any text is a policy or a list of problems. A parsed policy's canonical TOML parses back to the same
 * policy and the same canonical text and hash.
 */
class PolicyParserFuzzTests {

    private static final AllocationBudget BUDGET = AllocationBudget.textParser();

    @FuzzTest
    void policy(byte[] input) {
        String toml = new String(input, StandardCharsets.UTF_8);
        PolicyParseResult result = BUDGET.check(input.length, () -> PolicyParser.parse(toml));
        switch (result) {
            case PolicyParseResult.Invalid invalid ->
                assertThat(invalid.problems())
                        .allSatisfy(problem -> assertThat(problem.toString()).isNotBlank());
            case PolicyParseResult.Parsed parsed -> {
                assertThat(parsed.canonicalToml()).isEqualTo(PolicyParser.toToml(parsed.policy()));
                PolicyParseResult again = PolicyParser.parse(parsed.canonicalToml());
                assertThat(again).isEqualTo(parsed);
            }
        }
    }
}
