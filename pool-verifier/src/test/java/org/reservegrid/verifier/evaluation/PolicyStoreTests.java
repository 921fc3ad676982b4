package org.reservegrid.verifier.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.metrics.VerifierMetrics;
import org.reservegrid.verifier.policy.ActivePolicy;

/** The policies the store remembers by hash, for explaining the verdicts they judged. */
class PolicyStoreTests {
    @TempDir
    Path dir;

    private PolicyStore store(String startupToml) throws IOException {
        Path file = dir.resolve("policy.toml");
        Files.writeString(file, startupToml);
        VerifierSettings settings =
                VerifierSettings.from(new EnvConfig(Map.of(VerifierSettings.POLICY_FILE, file.toString())));
        return new PolicyStore(settings, new VerifierMetrics(new SimpleMeterRegistry()));
    }

    private static String withMaxTxCount(long count) {
        return "[policy]\nmax_tx_count = " + count + "\n";
    }

    @Test
    void theStartUpPolicyAndEveryAppliedOneAreKnownByTheirHash() throws IOException {
        PolicyStore store = store(withMaxTxCount(100));
        ActivePolicy startup = store.active();

        store.update(withMaxTxCount(200));
        ActivePolicy updated = store.active();

        assertThat(store.judgedBy(startup.sha256Hex())).isEqualTo(startup.policy());
        assertThat(store.judgedBy(updated.sha256Hex())).isEqualTo(updated.policy());
        assertThat(store.judgedBy(updated.sha256Hex()).maxTxCount()).isEqualTo(200);
        assertThat(store.judgedBy("f".repeat(64))).isNull();
    }

    @Test
    void onlyTheLastRememberedPoliciesAreKept() throws IOException {
        PolicyStore store = store(withMaxTxCount(0));
        String first = store.active().sha256Hex();

        for (int i = 1; i <= PolicyStore.REMEMBERED_POLICIES; i++) {
            store.update(withMaxTxCount(i));
        }

        assertThat(store.judgedBy(first)).isNull();
        assertThat(store.judgedBy(store.active().sha256Hex())).isNotNull();
    }
}
