package org.reservegrid.verifier.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.PolicyParseResult;
import org.reservegrid.verifier.whatif.RecentJudgments;
import org.reservegrid.verifier.whatif.WhatIf;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What-if: replays the last templates judged over TCP against a draft policy (the body, as for PUT /api/policy)
 * and reports the verdicts it would flip. Nothing is applied or recorded.
 */
@RestController
class WhatIfController {
    private final PolicyStore policies;
    private final RecentJudgments recent;

    WhatIfController(PolicyStore policies, RecentJudgments recent) {
        this.policies = policies;
        this.recent = recent;
    }

    /**
     * @param draftSha256 the hash of the draft's canonical TOML
     * @param activeVersion the policy in force when the replay ran, 0 when none is loaded
     * @param kept how many judgments the verifier holds; {@code evaluated} of them, the newest, were replayed
     * @param flipsCount every flip; {@code flips} lists the newest {@value WhatIf#MAX_LISTED_FLIPS}
     */
    record Result(
            String draftSha256,
            long activeVersion,
            @Nullable String activeSha256,
            int kept,
            int evaluated,
            int acceptedBefore,
            int acceptedAfter,
            int flipsCount,
            List<Flip> flips) {}

    /** @param verdictId the recorded verdict's id, null when it has none */
    record Flip(@Nullable Long verdictId, long height, Instant judgedAt, Before before, After after) {
        static Flip of(WhatIf.Flip flip) {
            TemplateVerdict before = flip.before().verdict();
            TemplateVerdict after = flip.after();
            return new Flip(
                    flip.before().verdictId(),
                    flip.before().template().height(),
                    flip.before().judgedAt(),
                    new Before(before.accepted(), code(before), texts(before)),
                    new After(after.accepted(), code(after), texts(after), VerdictJson.Check.of(flip.afterChecks())));
        }
    }

    /** The verdict the template got. */
    record Before(boolean accepted, @Nullable String reasonCode, List<String> reasons) {}

    /** The verdict the draft gives it, with the draft's checks. */
    record After(boolean accepted, @Nullable String reasonCode, List<String> reasons, List<VerdictJson.Check> checks) {}

    /** @param last how many of the newest kept templates to replay, 1..VELDRA_VERIFIER_WHATIF_TEMPLATES (all) */
    @PostMapping("/api/policy/what-if")
    Mono<Result> whatIf(ServerHttpRequest request, @RequestParam(required = false) @Nullable String last) {
        int count = last == null ? recent.capacity() : (int) QueryParams.longParam("last", last, 1, recent.capacity());
        return PolicyController.toml(request)
                .publishOn(Schedulers.boundedElastic())
                .map(toml -> switch (policies.validate(toml)) {
                    case PolicyParseResult.Invalid invalid ->
                        throw PolicyController.invalidPolicy("the draft policy is invalid", invalid.problems());
                    case PolicyParseResult.Parsed parsed -> replay(parsed, count);
                });
    }

    private Result replay(PolicyParseResult.Parsed parsed, int count) {
        ActivePolicy active = policies.active();
        // Version 0: the draft was never loaded.
        WhatIf.Outcome outcome = WhatIf.replay(ActivePolicy.of(parsed, 0), recent.newest(count));
        return new Result(
                parsed.sha256Hex(),
                active == null ? 0 : active.version(),
                active == null ? null : active.sha256Hex(),
                outcome.kept(),
                outcome.evaluated(),
                outcome.acceptedBefore(),
                outcome.acceptedAfter(),
                outcome.flipsCount(),
                outcome.flips().stream().map(Flip::of).toList());
    }

    private static @Nullable String code(TemplateVerdict verdict) {
        VerdictReason reason = verdict.reasonCode();
        return reason == null ? null : reason.text();
    }

    private static List<String> texts(TemplateVerdict verdict) {
        return verdict.reasons().stream().map(VerdictReason::text).toList();
    }
}
