package org.reservegrid.loadtest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.reservegrid.loadtest.http.HttpLoadCommand;
import org.reservegrid.loadtest.sv2.Sv2LoadCommand;
import org.reservegrid.loadtest.verifier.LoadReport;
import org.reservegrid.loadtest.verifier.VerifierLoadSettings;
import org.reservegrid.loadtest.verifier.VerifierLoadTest;

/**
 * {@code rg-load-test verifier [options]}, {@code rg-load-test sv2 [options]} ({@link Sv2LoadCommand}) or
 * {@code rg-load-test http [options]} ({@link HttpLoadCommand}). Exit codes: 0 pass, 1 drops or errors, 2 bad usage.
 */
public final class LoadTestMain {
    static final String USAGE = """
            usage: rg-load-test verifier [options]
              --host HOST            verifier address (default 127.0.0.1)
              --port PORT            verifier TCP port (default 9090, or VELDRA_VERIFIER_TCP_PORT)
              --connections N        concurrent TCP connections (default 16)
              --rate R               proposals per second across all connections (default 200)
              --duration SECS        measured duration (default 60)
              --warmup SECS          unmeasured warm-up before it (default 5)
              --tx-count N           transactions per template (default 4000)
              --drain-timeout SECS   wait for outstanding verdicts after the last send (default 5)
              --tls                  connect with TLS (trusts any certificate unless --tls-ca is given)
              --tls-ca FILE          PEM certificate to trust
              --seed N               template generator seed (default 1)
              --json                 print one JSON object as the last line
            """;

    private LoadTestMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (!args.isEmpty() && "sv2".equals(args.getFirst())) {
            return Sv2LoadCommand.run(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && "http".equals(args.getFirst())) {
            return HttpLoadCommand.run(args.subList(1, args.size()), out, err);
        }
        Deque<String> queue = new ArrayDeque<>(args);
        if (queue.isEmpty() || !"verifier".equals(queue.peekFirst())) {
            err.print(USAGE);
            err.print(Sv2LoadCommand.USAGE);
            err.print(HttpLoadCommand.USAGE);
            return 2;
        }
        queue.removeFirst();
        String host = "127.0.0.1";
        int port = portFromEnv();
        int connections = 16;
        double rate = 200;
        double duration = 60;
        double warmup = 5;
        int txCount = 4_000;
        double drain = 5;
        boolean tls = false;
        Path tlsCa = null;
        long seed = 1;
        boolean json = false;
        try {
            while (!queue.isEmpty()) {
                String option = queue.removeFirst();
                switch (option) {
                    case "--host" -> host = value(queue, option);
                    case "--port" -> port = Integer.parseInt(value(queue, option));
                    case "--connections" -> connections = Integer.parseInt(value(queue, option));
                    case "--rate" -> rate = Double.parseDouble(value(queue, option));
                    case "--duration" -> duration = Double.parseDouble(value(queue, option));
                    case "--warmup" -> warmup = Double.parseDouble(value(queue, option));
                    case "--tx-count" -> txCount = Integer.parseInt(value(queue, option));
                    case "--drain-timeout" -> drain = Double.parseDouble(value(queue, option));
                    case "--tls" -> tls = true;
                    case "--tls-ca" -> {
                        tls = true;
                        tlsCa = Path.of(value(queue, option));
                    }
                    case "--seed" -> seed = Long.parseLong(value(queue, option));
                    case "--json" -> json = true;
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            VerifierLoadSettings config = new VerifierLoadSettings(
                    host,
                    port,
                    connections,
                    rate,
                    seconds(duration),
                    seconds(warmup),
                    txCount,
                    seconds(drain),
                    tls,
                    tlsCa,
                    seed);
            LoadReport report = new VerifierLoadTest(config).run();
            out.println(report.human());
            if (json) {
                out.println(report.json());
            }
            return report.passed() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("rg-load-test: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private static int portFromEnv() {
        String port = System.getenv("VELDRA_VERIFIER_TCP_PORT");
        try {
            return port == null || port.isBlank() ? 9090 : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return 9090;
        }
    }

    private static String value(Deque<String> queue, String option) {
        if (queue.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return queue.removeFirst();
    }

    private static Duration seconds(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException("durations must be non-negative numbers of seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
