package org.reservegrid.verifier.api;

import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.gbt.GbtConversionException;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.spring.api.ApiException;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.evaluation.TemplateJudge;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.MempoolView;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Dry run: judges a Bitcoin Core getblocktemplate result with the policy in force, without recording the verdict
 * or counting it in the verdict metrics.
 */
@RestController
class EvaluateController {
    private final TemplateJudge judge;
    private final PolicyStore policies;
    private final int maxBodyBytes;

    EvaluateController(TemplateJudge judge, PolicyStore policies, VerifierSettings settings) {
        this.judge = judge;
        this.policies = policies;
        this.maxBodyBytes = settings.maxRequestBodyBytes();
    }

    /**
     * @param now evaluation time, unix seconds (default: the clock)
     * @param mempoolTx mempool transaction count to judge with (default: the last fetched count, or unknown)
     * @param coinbaseSigops the coinbase's sigops cost (default 0)
     * @param protocolVersion template protocol version (default: the policy's, so that check passes)
     */
    @PostMapping("/api/evaluate")
    Mono<VerdictJson.Verdict> evaluate(
            ServerHttpRequest request,
            @RequestParam(required = false) @Nullable String now,
            @RequestParam(name = "mempool_tx", required = false) @Nullable String mempoolTx,
            @RequestParam(name = "coinbase_sigops", required = false) @Nullable String coinbaseSigops,
            @RequestParam(name = "protocol_version", required = false) @Nullable String protocolVersion) {
        long nowSecs = now == null ? judge.nowEpochSeconds() : QueryParams.longParam("now", now, 0, Long.MAX_VALUE);
        MempoolView mempool = mempoolTx == null
                ? judge.currentMempool()
                : new MempoolView(QueryParams.longParam("mempool_tx", mempoolTx, -1, Long.MAX_VALUE));
        long sigops =
                coinbaseSigops == null ? 0 : QueryParams.longParam("coinbase_sigops", coinbaseSigops, 0, 0xffff_ffffL);
        ActivePolicy active = policies.active();
        int version = protocolVersion == null
                ? (active == null ? 0 : active.policy().protocolVersion())
                : (int) QueryParams.longParam("protocol_version", protocolVersion, 0, 0xffff);
        return RequestBodies.read(request, maxBodyBytes)
                .publishOn(Schedulers.parallel())
                .map(body -> {
                    TemplatePropose template;
                    try {
                        template = GbtConverter.toPropose(body, 0, version, sigops);
                    } catch (GbtConversionException e) {
                        throw ApiException.badRequest("invalid_template", e.getMessage());
                    }
                    return VerdictJson.Verdict.of(judge.evaluate(template, mempool, nowSecs));
                });
    }
}
