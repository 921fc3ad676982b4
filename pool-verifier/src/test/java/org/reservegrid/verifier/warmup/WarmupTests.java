package org.reservegrid.verifier.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.spring.health.ReadinessCheck;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.metrics.VerifierMetrics;

class WarmupTests {
    @TempDir
    Path dir;

    @Test
    void judgesTheBundledAndTheFullSizeTemplateThroughTheWireAndTheEvaluator() throws Exception {
        Warmup warmup = warmup();

        assertThat(warmup.run()).isEqualTo(Warmup.SMALL_ROUNDS + Warmup.FULL_ROUNDS);
    }

    @Test
    void readinessIsDownUntilTheWarmupFinished() throws Exception {
        Warmup warmup = warmup();
        ReadinessCheck check = warmup.readiness();

        assertThat(check.name()).isEqualTo("warmup");
        assertThat(check.check().up()).isFalse();
        warmup.start();
        while (warmup.state() instanceof Warmup.State.Pending) {
            Thread.sleep(20);
        }
        assertThat(warmup.state()).isInstanceOf(Warmup.State.Done.class);
        assertThat(check.check().up()).isTrue();
        warmup.stop();
    }

    private Warmup warmup() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.toml"), "[policy]\n");
        VerifierSettings settings =
                VerifierSettings.from(new EnvConfig(Map.of(VerifierSettings.POLICY_FILE, policy.toString())));
        PolicyStore policies = new PolicyStore(settings, new VerifierMetrics(new SimpleMeterRegistry()));
        return new Warmup(policies, settings);
    }
}
