package org.reservegrid.verifier.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.spring.api.ApiException;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.policy.PolicyParseResult;
import org.reservegrid.verifier.policy.PolicyProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The policy in force: read it, replace it at runtime, or validate a candidate. Bodies are raw TOML. */
@RestController
class PolicyController {
    static final int MAX_POLICY_BYTES = 64 * 1024;

    private final PolicyStore policies;

    PolicyController(PolicyStore policies) {
        this.policies = policies;
    }

    record Problem(String key, int line, String message) {
        static List<Problem> of(List<PolicyProblem> problems) {
            return problems.stream()
                    .map(p -> new Problem(p.key(), p.line(), p.message()))
                    .toList();
        }
    }

    record PolicyView(
            boolean loaded,
            long version,
            @Nullable String sha256,
            @Nullable String toml,
            String source,
            List<Problem> problems) {}

    record Applied(
            long version,
            String sha256,
            String toml,
            boolean persisted,
            @Nullable String persistProblem) {}

    record Validation(
            boolean valid,
            @Nullable String sha256,
            @Nullable String toml,
            List<Problem> problems) {}

    /** 400 {@code invalid_policy} listing every problem: the shape PUT /api/policy and what-if share. */
    static ApiException invalidPolicy(String outcome, List<PolicyProblem> problems) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "invalid_policy",
                outcome + ": " + problems.size() + " problem(s)",
                Map.of("problems", Problem.of(problems)));
    }

    @GetMapping("/api/policy")
    PolicyView policy() {
        String source = policies.policyFile().toAbsolutePath().toString();
        return switch (policies.current()) {
            case PolicyStore.Loaded loaded ->
                new PolicyView(
                        true,
                        loaded.active().version(),
                        loaded.active().sha256Hex(),
                        loaded.canonicalToml(),
                        source,
                        List.of());
            case PolicyStore.NotLoaded notLoaded ->
                new PolicyView(false, 0, null, null, notLoaded.source(), Problem.of(notLoaded.problems()));
        };
    }

    /** Replaces the policy; an invalid body is a 400 listing every problem, and the active policy is kept. */
    @PutMapping("/api/policy")
    Mono<Applied> update(ServerHttpRequest request) {
        return toml(request).publishOn(Schedulers.boundedElastic()).map(toml -> switch (policies.update(toml)) {
            case PolicyStore.Applied applied ->
                new Applied(
                        applied.loaded().active().version(),
                        applied.loaded().active().sha256Hex(),
                        applied.loaded().canonicalToml(),
                        applied.persisted(),
                        applied.persistProblem());
            case PolicyStore.Rejected rejected ->
                throw invalidPolicy("the policy was not applied", rejected.problems());
        });
    }

    /** Checks a candidate policy without applying it. */
    @PostMapping("/api/policy/validate")
    Mono<Validation> validate(ServerHttpRequest request) {
        return toml(request).map(toml -> switch (policies.validate(toml)) {
            case PolicyParseResult.Parsed parsed ->
                new Validation(true, parsed.sha256Hex(), parsed.canonicalToml(), List.of());
            case PolicyParseResult.Invalid invalid -> new Validation(false, null, null, Problem.of(invalid.problems()));
        });
    }

    /** The body as policy TOML: at most {@link #MAX_POLICY_BYTES}, UTF-8 (shared with the what-if endpoint). */
    static Mono<String> toml(ServerHttpRequest request) {
        return RequestBodies.read(request, MAX_POLICY_BYTES).map(bytes -> {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw ApiException.badRequest("invalid_policy", "the policy body must be UTF-8 TOML");
            }
        });
    }
}
