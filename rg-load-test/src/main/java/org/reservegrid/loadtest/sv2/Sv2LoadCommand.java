package org.reservegrid.loadtest.sv2;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.reservegrid.sv2.crypto.InvalidEncodingException;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.crypto.Sv2KeyText;

/** {@code rg-load-test sv2 [options]}. Exit codes: 0 pass, 1 drops, errors or failed connections, 2 bad usage. */
public final class Sv2LoadCommand {

    public static final String USAGE = """
            usage: rg-load-test sv2 --authority-pubkey KEY [options]
              --host HOST                  gateway address (default 127.0.0.1)
              --port PORT                  gateway Stratum V2 port (default 3333)
              --authority-pubkey KEY       pool authority public key (base58check or 64 hex digits); every
                                           simulated miner verifies the gateway's Noise certificate with it
              --connections N              simulated miners, one channel each (default 100)
              --max-pending-handshakes N   connections between connect and a channel with work (default 256)
              --connect-rate R             connections started per second, 0 = no limit (default 0)
              --warmup-connections N       before the measured ramp, open N connections with channels and
                                           close them again, so neither side's JIT warm-up counts in the
                                           handshake figures (default 0)
              --rate R                     shares per second across all channels (default 1000; 0 = none)
              --duration SECS              measured share phase (default 30)
              --warmup SECS                unmeasured shares before it (default 2)
              --shares random|valid        random: unchecked nonces, Success and Error both count as answers
                                           (validation throughput); valid: nonces ground to meet the channel
                                           target (needs an easy target: a low --hashrate) (default random)
              --hashrate H                 nominal hash rate each channel announces, h/s (default 1000000)
              --identity-prefix P          user_identity is P<index> (default load-)
              --ramp-timeout SECS          time for every connection to get a channel with work (default 120)
              --drain-timeout SECS         wait for outstanding answers after the last share (default 5)
              --event-loop-threads N       Netty threads for all connections (default 2)
              --gateway-pid PID            report the gateway's VmRSS/VmHWM from /proc/PID/status
              --json                       print one JSON object as the last line
            Each connection is one file descriptor here and one in the gateway: check `ulimit -n` on both sides.
            """;

    private Sv2LoadCommand() {}

    /** Runs with the arguments after {@code sv2}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        Deque<String> queue = new ArrayDeque<>(args);
        String host = "127.0.0.1";
        int port = 3333;
        byte[] authority = null;
        int connections = 100;
        int maxPending = 256;
        int warmupConnections = 0;
        double connectRate = 0;
        double rate = 1_000;
        double duration = 30;
        double warmup = 2;
        Sv2LoadSettings.ShareMode mode = Sv2LoadSettings.ShareMode.RANDOM;
        float hashrate = 1_000_000f;
        String identityPrefix = "load-";
        double rampTimeout = 120;
        double drainTimeout = 5;
        int threads = 2;
        OptionalLong gatewayPid = OptionalLong.empty();
        boolean json = false;
        try {
            while (!queue.isEmpty()) {
                String option = queue.removeFirst();
                switch (option) {
                    case "--host" -> host = value(queue, option);
                    case "--port" -> port = intValue(queue, option);
                    case "--authority-pubkey" -> authority = authorityKey(value(queue, option));
                    case "--connections" -> connections = intValue(queue, option);
                    case "--max-pending-handshakes" -> maxPending = intValue(queue, option);
                    case "--connect-rate" -> connectRate = doubleValue(queue, option);
                    case "--warmup-connections" -> warmupConnections = intValue(queue, option);
                    case "--rate" -> rate = doubleValue(queue, option);
                    case "--duration" -> duration = doubleValue(queue, option);
                    case "--warmup" -> warmup = doubleValue(queue, option);
                    case "--shares" -> mode = shareMode(value(queue, option));
                    case "--hashrate" -> hashrate = (float) doubleValue(queue, option);
                    case "--identity-prefix" -> identityPrefix = value(queue, option);
                    case "--ramp-timeout" -> rampTimeout = doubleValue(queue, option);
                    case "--drain-timeout" -> drainTimeout = doubleValue(queue, option);
                    case "--event-loop-threads" -> threads = intValue(queue, option);
                    case "--gateway-pid" -> gatewayPid = OptionalLong.of(intValue(queue, option));
                    case "--json" -> json = true;
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (authority == null) {
                throw new IllegalArgumentException("--authority-pubkey is required (GET /api/noise on the gateway)");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("--port must be between 1 and 65535");
            }
            Sv2LoadSettings config = new Sv2LoadSettings(
                    host,
                    port,
                    authority,
                    connections,
                    maxPending,
                    connectRate,
                    rate,
                    seconds(duration),
                    seconds(warmup),
                    mode,
                    hashrate,
                    identityPrefix,
                    seconds(rampTimeout),
                    seconds(drainTimeout),
                    threads,
                    gatewayPid);
            if (warmupConnections < 0) {
                throw new IllegalArgumentException("--warmup-connections must not be negative");
            }
            if (warmupConnections > 0) {
                Sv2LoadReport warmReport = new Sv2LoadTest(config.warmup(warmupConnections)).run();
                out.printf(
                        Locale.ROOT,
                        "warm-up: %d/%d channels ready, %.0f handshakes/s (not counted)%n",
                        warmReport.ramp().channelsReady(),
                        warmupConnections,
                        warmReport.ramp().handshakesPerSecond());
                if (!warmReport.passed()) {
                    out.println(warmReport.human());
                    err.println("rg-load-test: the warm-up connections failed; no measured run");
                    return 1;
                }
            }
            Sv2LoadReport report = new Sv2LoadTest(config).run();
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

    private static Sv2LoadSettings.ShareMode shareMode(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "random" -> Sv2LoadSettings.ShareMode.RANDOM;
            case "valid" -> Sv2LoadSettings.ShareMode.VALID;
            default -> throw new IllegalArgumentException("--shares must be random or valid");
        };
    }

    private static byte[] authorityKey(String raw) {
        String text = raw.strip();
        if (text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            byte[] key = HexFormat.of().parseHex(text);
            if (!Secp256k1.isValidXOnlyKey(key)) {
                throw new IllegalArgumentException("--authority-pubkey is not a secp256k1 x-only key");
            }
            return key;
        }
        try {
            return Sv2KeyText.decodeAuthorityPublicKey(text);
        } catch (InvalidEncodingException e) {
            throw new IllegalArgumentException("--authority-pubkey: " + e.getMessage(), e);
        }
    }

    private static String value(Deque<String> queue, String option) {
        if (queue.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return queue.removeFirst();
    }

    private static int intValue(Deque<String> queue, String option) {
        String raw = value(queue, option);
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + raw + "' is not a whole number", e);
        }
    }

    private static double doubleValue(Deque<String> queue, String option) {
        String raw = value(queue, option);
        try {
            return Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + raw + "' is not a number", e);
        }
    }

    private static Duration seconds(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException("durations must be non-negative numbers of seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
