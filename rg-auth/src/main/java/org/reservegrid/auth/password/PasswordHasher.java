package org.reservegrid.auth.password;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.auth.config.AuthSettings.Argon2Cost;
import org.reservegrid.auth.token.Tokens;
import org.springframework.stereotype.Component;

/**
 * Argon2id through argon2-jvm (the reference C implementation). Hashes are PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that carry their parameters, so raising the cost later only
 * makes {@link #needsRehash} true for older hashes, which the login flow then rewrites.
 *
 * <p>Each hash takes tens of milliseconds of CPU and {@code m} KiB of memory, so at most one runs per core and at
 * most {@link #QUEUE_PER_CORE} per core wait, but never fewer than {@link #MIN_ADMITTED} in all; beyond that
 * {@link Busy} (503) instead of an unbounded queue.
 *
 * <p>The hashes run on one thread per core of their own, never on the request threads: Argon2's {@code m} KiB come
 * from the C library's malloc on the calling thread, and glibc keeps such a freed block in that thread's arena, so
 * every thread that ever hashed kept {@code m} KiB resident (with the 64 request threads, hundreds of MiB after a
 * burst of logins; docs/benchmarks.md, "rg-auth: login"). On its own threads the resident memory stays about
 * {@code cores x m}.
 */
@Component
public class PasswordHasher implements AutoCloseable {
    static final int QUEUE_PER_CORE = 16;
    /**
     * The floor of admitted hashes (running and waiting): on a two-core machine 16 per core turned away a burst of
     * 50 registrations that a second of waiting serves. Waiting costs no hash memory, and 64 waiting on one core is
     * about two seconds, well inside the 10 s admission wait.
     */
    static final int MIN_ADMITTED = 64;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id, 16, 32);
    private final Argon2Cost cost;
    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();
    private final int maxAdmitted;
    private final ExecutorService hashThreads;
    private final Timer hashTimer;
    /** Verified against when the email is unknown, so that path costs what a wrong password costs. */
    private final String decoy;

    public PasswordHasher(AuthSettings settings, MeterRegistry registry) {
        this.cost = settings.argon2();
        int cores = Runtime.getRuntime().availableProcessors();
        this.running = new Semaphore(cores, true);
        this.maxAdmitted = Math.max(MIN_ADMITTED, cores * (1 + QUEUE_PER_CORE));
        this.hashThreads = Executors.newFixedThreadPool(
                cores, Thread.ofPlatform().name("auth-argon2-", 0).daemon().factory());
        this.hashTimer = Timer.builder("rg_auth_password_hash_seconds")
                .description("Argon2id hash and verify time")
                .register(registry);
        String decoyPassword = Tokens.random();
        try {
            this.decoy = onHashThread(() -> hashNow(decoyPassword));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hashThreads.shutdownNow();
            throw new IllegalStateException("interrupted while preparing the decoy hash", e);
        }
    }

    public Argon2Cost cost() {
        return cost;
    }

    /** A new hash of the (normalised) password with the configured cost. */
    public String hash(String password) {
        return admit(() -> hashNow(password));
    }

    /** Whether the password matches the stored hash, at the stored hash's own cost. */
    public boolean verify(String encoded, String password) {
        return admit(() -> verifyNow(encoded, password));
    }

    /** The work of a failed verification, for a login whose email has no account. */
    public void verifyDecoy(String password) {
        admit(() -> verifyNow(decoy, password));
    }

    public boolean needsRehash(String encoded) {
        return argon2.needsRehash(encoded, cost.iterations(), cost.memoryKib(), cost.parallelism());
    }

    private String hashNow(String password) {
        char[] chars = PasswordPolicy.normalize(password).toCharArray();
        try {
            return hashTimer.record(() -> argon2.hash(cost.iterations(), cost.memoryKib(), cost.parallelism(), chars));
        } finally {
            argon2.wipeArray(chars);
        }
    }

    private boolean verifyNow(String encoded, String password) {
        char[] chars = PasswordPolicy.normalize(password).toCharArray();
        try {
            Boolean ok = hashTimer.record(() -> argon2.verify(encoded, chars));
            return ok != null && ok;
        } catch (IllegalArgumentException malformedHash) {
            return false;
        } finally {
            argon2.wipeArray(chars);
        }
    }

    /** Stops the hash threads, letting a hash in progress finish (it cannot be interrupted inside the C code). */
    @Override
    public void close() {
        hashThreads.shutdownNow();
        try {
            hashThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T admit(Supplier<T> work) {
        if (admitted.incrementAndGet() > maxAdmitted) {
            admitted.decrementAndGet();
            throw new Busy();
        }
        try {
            if (!running.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new Busy();
            }
            try {
                return onHashThread(work);
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        } finally {
            admitted.decrementAndGet();
        }
    }

    /**
     * Runs {@code work} on a hash thread and waits for it. Admission has already limited the callers to one per
     * hash thread, so the work starts at once; if the caller is interrupted, the hash still finishes there.
     */
    private <T> T onHashThread(Supplier<T> work) throws InterruptedException {
        Future<T> result = hashThreads.submit(work::get);
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
