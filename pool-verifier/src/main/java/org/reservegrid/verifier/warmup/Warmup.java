package org.reservegrid.verifier.warmup;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.frame.VerifierFrameDecoder;
import org.reservegrid.protocol.frame.VerifierFrameEncoder;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.TransactionTable;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.Policy;
import org.reservegrid.verifier.policy.PolicyEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Judges a bundled Bitcoin Core template (and a full-size template built from its rows) through the real code
 * paths at start-up: getblocktemplate conversion ({@code /api/evaluate}'s), the verifier frame encoder and decoder
 * (the TCP path's), the policy evaluation and the verdict's encoding. Without it the first templates after a start
 * were judged while the JIT was still compiling these paths (p99 52 ms in the first minutes against 15-25 ms warm,
 * docs/benchmarks.md). Nothing it judges is a real verdict: it is not recorded in the history, the what-if ring or
 * the verdict metrics, and it runs on a thread of its own so the ports open as before. The {@code warmup}
 * readiness check is down until it has finished, so {@code /ready} turns green only on a warm verifier.
 */
@Component
public final class Warmup implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    private static final String FIXTURE = "/warmup/core-signet-h956-4tx.json";

    /** Rounds of the bundled template: past the JIT's compile thresholds for the per-template methods. */
    static final int SMALL_ROUNDS = 6_000;
    /** Rounds of the full-size template: past the compile thresholds for the per-transaction loops. */
    static final int FULL_ROUNDS = 60;
    /** A full mainnet block holds about 4,000 transactions. */
    static final int FULL_TX_COUNT = 4_000;

    private final PolicyStore policies;
    private final int maxFrameBytes;
    private volatile State state = new State.Pending();
    private @Nullable Thread thread;

    public Warmup(PolicyStore policies, VerifierSettings settings) {
        this.policies = policies;
        this.maxFrameBytes = settings.maxFrameBytes();
    }

    /** Where the warm-up is. */
    sealed interface State {
        record Pending() implements State {}

        record Done(long judged, long millis) implements State {}

        record Failed(String problem) implements State {}
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().name("warmup").daemon().start(this::runQuietly);
    }

    @Override
    public synchronized void stop() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    State state() {
        return state;
    }

    private void runQuietly() {
        long started = System.nanoTime();
        try {
            long judged = run();
            long millis = (System.nanoTime() - started) / 1_000_000;
            state = new State.Done(judged, millis);
            log.info("warm-up done: {} templates judged in {} ms (not recorded)", judged, millis);
        } catch (RuntimeException e) {
            // A warm-up that fails must not keep the verifier unready for ever: it is only an optimisation.
            state = new State.Failed(e.toString());
            log.warn("warm-up failed, the first templates may be judged slower: {}", e.toString());
        }
    }

    /** Judges the bundled templates; returns how many judgments were made. */
    long run() {
        byte[] gbt = fixture();
        EmbeddedChannel codec =
                new EmbeddedChannel(new VerifierFrameDecoder(maxFrameBytes), new VerifierFrameEncoder());
        try {
            long judged = 0;
            TemplatePropose full = null;
            for (int round = 0; round < SMALL_ROUNDS && !Thread.currentThread().isInterrupted(); round++) {
                ActivePolicy active = active();
                TemplatePropose small =
                        GbtConverter.toPropose(gbt, round, active.policy().protocolVersion(), 0);
                judge(codec, active, small);
                judged++;
                if (full == null) {
                    full = fullSize(small);
                }
                if (round % (SMALL_ROUNDS / FULL_ROUNDS) == 0) {
                    judge(codec, active, full);
                    judged++;
                }
            }
            return judged;
        } finally {
            codec.finishAndReleaseAll();
        }
    }

    /** One template through the wire and the evaluator, as a TCP proposal would go; the verdict is dropped. */
    private void judge(EmbeddedChannel codec, ActivePolicy active, TemplatePropose template) {
        TemplatePropose received = roundTrip(codec, template, TemplatePropose.class);
        // Judged at its own time, with a mid-size mempool: every check runs and none depends on the clock.
        PolicyEvaluator.Evaluation evaluation =
                PolicyEvaluator.evaluateAndSummarize(active, received, new MempoolView(25), received.curtime());
        roundTrip(codec, evaluation.verdict(), TemplateVerdict.class);
    }

    private static <T> T roundTrip(EmbeddedChannel codec, Object message, Class<T> type) {
        codec.writeOutbound(message);
        ByteBuf frame = Objects.requireNonNull((ByteBuf) codec.readOutbound(), "no frame encoded");
        codec.writeInbound(frame);
        return type.cast(Objects.requireNonNull(codec.readInbound(), "no message decoded"));
    }

    /** The policy in force, or the defaults while none is loaded (the paths are the same). */
    private ActivePolicy active() {
        ActivePolicy active = policies.active();
        return active != null ? active : new ActivePolicy(Policy.DEFAULTS, 0, "0".repeat(64));
    }

    /** A template of {@link #FULL_TX_COUNT} transactions: the bundled one's rows repeated, each with its own txid. */
    private static TemplatePropose fullSize(TemplatePropose small) {
        TransactionTable rows = small.transactions();
        TransactionTable.Builder builder = TransactionTable.builder(FULL_TX_COUNT);
        for (int i = 0; i < FULL_TX_COUNT; i++) {
            int row = i % rows.size();
            byte[] txid = rows.txid(row).clone();
            txid[0] ^= (byte) i;
            txid[1] ^= (byte) (i >>> 8);
            builder.add(txid, rows.fee(row), rows.weight(row), rows.sigops(row));
        }
        return new TemplatePropose(
                small.requestId(),
                small.protocolVersion(),
                small.prevHash(),
                small.version(),
                small.bits(),
                small.height(),
                small.curtime(),
                small.coinbaseValue(),
                small.coinbaseSigops(),
                builder.build());
    }

    private static byte[] fixture() {
        try (InputStream in = Warmup.class.getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException(FIXTURE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Down while the warm-up runs; up once it finished (or failed: it is an optimisation, not a condition). */
    ReadinessCheck readiness() {
        return ReadinessCheck.of("warmup", () -> switch (state) {
            case State.Pending pending ->
                CheckResult.down("warming_up", "judging the bundled template to warm the JIT (not recorded)");
            case State.Done done ->
                CheckResult.up("warm: " + done.judged() + " templates judged in " + done.millis() + " ms")
                        .with("judged", done.judged())
                        .with("millis", done.millis());
            case State.Failed failed -> CheckResult.up("warm-up failed, serving cold: " + failed.problem());
        });
    }
}
