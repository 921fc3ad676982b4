package org.reservegrid.testminer;

import java.io.PrintStream;
import java.util.List;

/** {@code test-miner [options]}: exit 0 when every share was accepted, 1 otherwise, 2 for bad usage. */
public final class TestMinerMain {

    private TestMinerMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (TestMinerOptions.wantsHelp(args)) {
            out.print(TestMinerOptions.USAGE);
            return 0;
        }
        TestMinerOptions options;
        try {
            options = TestMinerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("test-miner: " + e.getMessage());
            err.print(TestMinerOptions.USAGE);
            return 2;
        }
        MinerReport report = new TestMiner(options, out).run();
        out.println(report.human());
        if (options.json()) {
            out.println(report.json());
        }
        if (!report.passed()) {
            err.println("test-miner: FAILED " + report.reason());
            return 1;
        }
        return 0;
    }
}
