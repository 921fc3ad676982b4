package org.reservegrid.verifier.evaluation;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.metrics.VerifierMetrics;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.Policy;
import org.reservegrid.verifier.policy.PolicyParseResult;
import org.reservegrid.verifier.policy.PolicyParser;
import org.reservegrid.verifier.policy.PolicyProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds the policy in force. Loaded once from {@code VELDRA_POLICY_FILE} at start-up; a file that is missing or
 * invalid leaves the store {@link NotLoaded} (the verifier runs, is not ready, and answers every template with
 * {@code policy_load_error}). {@link #update(String)} swaps in a new policy atomically; readers never block.
 *
 * <p>An accepted update is also written back to the policy file (atomically, via a temporary file) so it survives
 * a restart; if the file cannot be written the update still applies and the outcome says so.
 *
 * <p>The store also remembers the last {@value #REMEMBERED_POLICIES} policies it applied, by hash, so a recorded
 * verdict can be explained with the policy that judged it ({@link #judgedBy}). Only this process's policies are
 * known: after a restart, verdicts judged by a policy that was replaced before it are not.
 */
@Component
public class PolicyStore {
    private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);
    /** Policies remembered by hash; an operator rarely applies this many between two restarts. */
    static final int REMEMBERED_POLICIES = 64;

    private final Path policyFile;
    private final VerifierMetrics metrics;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final Map<String, Policy> applied = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Policy> eldest) {
            return size() > REMEMBERED_POLICIES;
        }
    };
    private long loads;

    public PolicyStore(VerifierSettings settings, VerifierMetrics metrics) {
        this.policyFile = settings.policyFile();
        this.metrics = metrics;
        state.set(loadFile());
    }

    /** What the store holds. */
    public sealed interface State permits Loaded, NotLoaded {}

    /** A policy in force, with its canonical TOML (the text the hash covers). */
    public record Loaded(ActivePolicy active, String canonicalToml) implements State {}

    /** No policy: the start-up file could not be used. */
    public record NotLoaded(String source, List<PolicyProblem> problems) implements State {
        public NotLoaded {
            problems = List.copyOf(problems);
        }
    }

    /** Outcome of a runtime update. */
    public sealed interface UpdateOutcome permits Applied, Rejected {}

    /** The new policy is in force; {@code persisted} tells whether the policy file was rewritten. */
    public record Applied(
            Loaded loaded, boolean persisted, @Nullable String persistProblem) implements UpdateOutcome {}

    /** The submitted TOML was invalid; the policy in force is unchanged. */
    public record Rejected(List<PolicyProblem> problems) implements UpdateOutcome {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }

    public State current() {
        return state.get();
    }

    public @Nullable ActivePolicy active() {
        return state.get() instanceof Loaded loaded ? loaded.active() : null;
    }

    /**
     * The policy whose canonical TOML hashes to {@code sha256Hex}, if this process applied it among its last
     * {@value #REMEMBERED_POLICIES} policies; null otherwise.
     */
    public @Nullable Policy judgedBy(String sha256Hex) {
        synchronized (applied) {
            return applied.get(sha256Hex);
        }
    }

    public Path policyFile() {
        return policyFile;
    }

    /** Parses without applying: the validate endpoint. */
    public PolicyParseResult validate(String toml) {
        return PolicyParser.parse(toml);
    }

    /** Parses and, when valid, applies the policy with the next version number. */
    public synchronized UpdateOutcome update(String toml) {
        return switch (PolicyParser.parse(toml)) {
            case PolicyParseResult.Invalid invalid -> {
                metrics.policyReload(false);
                log.warn("policy update rejected: {}", invalid.problems());
                yield new Rejected(invalid.problems());
            }
            case PolicyParseResult.Parsed parsed -> {
                Loaded loaded = new Loaded(ActivePolicy.of(parsed, ++loads), parsed.canonicalToml());
                remember(loaded.active());
                state.set(loaded);
                metrics.policyReload(true);
                log.info(
                        "policy updated at runtime: version {}, sha256 {}",
                        loaded.active().version(),
                        loaded.active().sha256Hex());
                String persistProblem = persist(toml);
                yield new Applied(loaded, persistProblem == null, persistProblem);
            }
        };
    }

    private synchronized State loadFile() {
        String source = policyFile.toAbsolutePath().toString();
        String toml;
        try {
            toml = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(policyFile)))
                    .toString();
        } catch (NoSuchFileException e) {
            return notLoaded(source, "policy file not found");
        } catch (CharacterCodingException e) {
            return notLoaded(source, "policy file is not UTF-8 text");
        } catch (IOException e) {
            return notLoaded(
                    source, "policy file cannot be read: " + e.getClass().getSimpleName());
        }
        return switch (PolicyParser.parse(toml)) {
            case PolicyParseResult.Invalid invalid -> {
                metrics.policyReload(false);
                log.error(
                        "policy file {} is invalid; every verdict is policy_load_error until it is fixed: {}",
                        source,
                        invalid.problems());
                yield new NotLoaded(source, invalid.problems());
            }
            case PolicyParseResult.Parsed parsed -> {
                metrics.policyReload(true);
                Loaded loaded = new Loaded(ActivePolicy.of(parsed, ++loads), parsed.canonicalToml());
                remember(loaded.active());
                log.info(
                        "policy loaded from {}: version {}, sha256 {}",
                        source,
                        loaded.active().version(),
                        loaded.active().sha256Hex());
                yield loaded;
            }
        };
    }

    /** Remembered before it is in force, so no verdict it judges can miss it. */
    private void remember(ActivePolicy active) {
        synchronized (applied) {
            applied.put(active.sha256Hex(), active.policy());
        }
    }

    private NotLoaded notLoaded(String source, String message) {
        metrics.policyReload(false);
        log.error("{}: {}; every verdict is policy_load_error until a policy is loaded", message, source);
        return new NotLoaded(source, List.of(new PolicyProblem("", 0, message + ": " + source)));
    }

    /** Writes the accepted TOML over the policy file; returns a problem description, or null on success. */
    private @Nullable String persist(String toml) {
        try {
            Path target = policyFile.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".policy-", ".toml.tmp");
            try {
                Files.writeString(temp, toml, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            return null;
        } catch (IOException | SecurityException e) {
            String problem = "policy applied but not written to " + policyFile + ": "
                    + e.getClass().getSimpleName();
            log.warn(problem);
            return problem;
        }
    }
}
