package org.reservegrid.verifier.policy;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.TransactionTable;

/**
 * Throughput of {@link PolicyEvaluator#evaluate} on one thread for a mainnet-sized template of 4,000 transactions
 * under the default policy (target: at least 50,000 evaluations per second). Run it as docs/policy.md says.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class PolicyEvaluationBenchmark {
    static final int TRANSACTIONS = 4_000;

    private ActivePolicy active;
    private TemplatePropose template;
    private MempoolView mempool;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        PolicyParseResult.Parsed parsed = (PolicyParseResult.Parsed) PolicyParser.parse("");
        active = ActivePolicy.of(parsed, 1);
        SplittableRandom random = new SplittableRandom(42);
        TransactionTable.Builder transactions = TransactionTable.builder(TRANSACTIONS);
        byte[] txid = new byte[32];
        for (int i = 0; i < TRANSACTIONS; i++) {
            random.nextBytes(txid);
            // Fees 5,000..60,000 sat, weights 560..1,400 WU (about 3.9 M WU in all), 0..7 sigops.
            transactions.add(txid, random.nextLong(5_000, 60_000), random.nextInt(560, 1_400), random.nextInt(0, 8));
        }
        template = Templates.template(transactions.build());
        mempool = new MempoolView(25_000);
        now = Templates.NOW + 5;
        TemplateVerdict verdict = PolicyEvaluator.evaluate(active, template, mempool, now);
        if (!verdict.accepted()) {
            throw new IllegalStateException("benchmark template should pass the default policy: " + verdict);
        }
    }

    @Benchmark
    public TemplateVerdict evaluate4000TransactionTemplate() {
        return PolicyEvaluator.evaluate(active, template, mempool, now);
    }
}
