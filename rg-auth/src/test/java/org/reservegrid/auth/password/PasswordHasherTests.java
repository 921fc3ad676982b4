package org.reservegrid.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.common.config.EnvConfig;

class PasswordHasherTests {
    private static final String PASSWORD = "correct-Horse-battery-77";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PasswordHasher hasher = new PasswordHasher(AuthSettings.from(new EnvConfig(Map.of())), registry);

    @AfterEach
    void close() {
        hasher.close();
    }

    @Test
    void aHashCarriesItsParametersAndVerifiesOnlyItsOwnPassword() {
        String stored = hasher.hash(PASSWORD);

        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify(stored, PASSWORD)).isTrue();
        assertThat(hasher.verify(stored, PASSWORD + "x")).isFalse();
        assertThat(hasher.needsRehash(stored)).isFalse();
    }

    @Test
    void theSamePasswordTypedInAnotherUnicodeFormStillVerifies() {
        // "ﬁ" (U+FB01) is "fi" under NFKC.
        String stored = hasher.hash("ﬁle-cabinet-Quartz-9");

        assertThat(hasher.verify(stored, "file-cabinet-Quartz-9")).isTrue();
    }

    @Test
    void aMalformedStoredHashIsAWrongPasswordNotAnError() {
        assertThat(hasher.verify("$argon2id$v=19$not-a-hash", PASSWORD)).isFalse();
    }

    @Test
    void aWeakerStoredHashNeedsRehashing() {
        String older =
                "$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$" + "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE";

        assertThat(hasher.needsRehash(older)).isTrue();
    }

    @Test
    void hashesFromManyRequestThreadsRunOnOneHashThreadPerCore() throws Exception {
        // Argon2's memory is malloc'd on the thread that hashes and stays in that thread's arena: however many
        // request threads log in, only the hasher's own threads may ever hash.
        String stored = hasher.hash(PASSWORD);
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> logins = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                logins.add(() -> hasher.verify(stored, PASSWORD));
            }
            for (Future<Boolean> login : requests.invokeAll(logins)) {
                assertThat(login.get()).isTrue();
            }
        } finally {
            requests.shutdownNow();
        }

        long hashThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("auth-argon2-"))
                .count();
        assertThat(hashThreads).isBetween(1L, (long) Runtime.getRuntime().availableProcessors());
        // The decoy, the stored hash and the 16 verifications were all timed.
        assertThat(registry.get("rg_auth_password_hash_seconds").timer().count())
                .isEqualTo(18);
    }
}
