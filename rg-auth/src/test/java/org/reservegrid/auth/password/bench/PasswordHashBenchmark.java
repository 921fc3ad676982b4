package org.reservegrid.auth.password.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.auth.password.PasswordHasher;
import org.reservegrid.common.config.EnvConfig;

/**
 * The Argon2id work of one login ({@code verify}: what every login costs, right or wrong password) and of one
 * registration or password change ({@code hash}), through rg-auth's {@link PasswordHasher} with the default cost
 * (19,456 KiB, t=2, p=1), one shared hasher as in the service. Run with {@code -t 2} or more to see its admission
 * limit: at most one hash per core at a time, the rest wait.
 *
 * <p>The fork's heap is fixed and touched up front ({@code -Xms128m -Xmx128m -XX:+AlwaysPreTouch}), so the resident
 * memory that {@link ProcessResourcesProfiler} reports grows only with native memory: Argon2's {@code m} KiB per
 * hash in flight comes from the C library's malloc, not the Java heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class PasswordHashBenchmark {
    private static final String PASSWORD = "correct-Horse-battery-77";

    private PasswordHasher hasher = hasher();
    private String stored = "";

    @Setup
    public void setUp() {
        hasher = hasher();
        stored = hasher.hash(PASSWORD);
    }

    @Benchmark
    public boolean verify() {
        return hasher.verify(stored, PASSWORD);
    }

    @Benchmark
    public String hash() {
        return hasher.hash(PASSWORD);
    }

    private static PasswordHasher hasher() {
        // The service's defaults: no VELDRA_AUTH_ARGON2_* set.
        AuthSettings settings = AuthSettings.from(new EnvConfig(Map.of()));
        return new PasswordHasher(settings, new SimpleMeterRegistry());
    }
}
