package org.reservegrid.loadtest.http;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** {@code rg-load-test http [options]}. Exit codes: 0 pass, 1 errors, unanswered or unsent requests, 2 bad usage. */
public final class HttpLoadCommand {

    public static final String USAGE = """
            usage: rg-load-test http --url URL [options]
              --url URL                 http:// URL to request (path and query included)
              --method M                request method (default GET)
              --header 'Name: value'    request header; repeat for more (Host is set from the URL unless given)
              --body TEXT               request body (UTF-8), sent with Content-Length and, unless a header says
                                        otherwise, Content-Type: application/json
              --body-file FILE          request body from a file
              --rate R                  requests per second across all connections, open loop (default 100)
              --duration SECS           measured duration (default 30)
              --warmup SECS             unmeasured requests at the same rate before it (default 5)
              --connections N           keep-alive connections, one request in flight each (default 16); a request
                                        due while all are busy is not sent and is counted
              --timeout SECS            a request without a complete response after this long is an error
                                        (default 10)
              --event-loop-threads N    Netty threads for all connections (default 1)
              --server-pid PID          report the server process's CPU time and VmRSS/VmHWM over the run
              --json                    print one JSON object as the last line
            Latency runs from each request's scheduled send time to the end of its response.
            """;

    private HttpLoadCommand() {}

    /** The parsed command line. */
    record Invocation(HttpLoadSettings settings, boolean json) {}

    /** Runs with the arguments after {@code http}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("rg-load-test: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        HttpLoadReport report = new HttpLoadTest(invocation.settings()).run();
        out.println(report.human());
        if (invocation.json()) {
            out.println(report.json());
        }
        return report.passed() ? 0 : 1;
    }

    static Invocation parse(List<String> args) {
        Deque<String> queue = new ArrayDeque<>(args);
        URI url = null;
        String method = "GET";
        List<HttpLoadSettings.Header> headers = new ArrayList<>();
        byte[] body = null;
        double rate = 100;
        double duration = 30;
        double warmup = 5;
        int connections = 16;
        double timeout = 10;
        int threads = 1;
        OptionalLong serverPid = OptionalLong.empty();
        boolean json = false;
        while (!queue.isEmpty()) {
            String option = queue.removeFirst();
            switch (option) {
                case "--url" -> url = uri(value(queue, option));
                case "--method" -> method = value(queue, option);
                case "--header" -> headers.add(HttpLoadSettings.Header.parse(value(queue, option)));
                case "--body" -> body = onlyBody(body, value(queue, option).getBytes(StandardCharsets.UTF_8));
                case "--body-file" -> body = onlyBody(body, file(value(queue, option)));
                case "--rate" -> rate = doubleValue(queue, option);
                case "--duration" -> duration = doubleValue(queue, option);
                case "--warmup" -> warmup = doubleValue(queue, option);
                case "--connections" -> connections = intValue(queue, option);
                case "--timeout" -> timeout = doubleValue(queue, option);
                case "--event-loop-threads" -> threads = intValue(queue, option);
                case "--server-pid" -> serverPid = OptionalLong.of(intValue(queue, option));
                case "--json" -> json = true;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        return new Invocation(
                new HttpLoadSettings(
                        url,
                        method,
                        headers,
                        body,
                        rate,
                        seconds(duration, "--duration"),
                        seconds(warmup, "--warmup"),
                        connections,
                        seconds(timeout, "--timeout"),
                        threads,
                        serverPid),
                json);
    }

    private static byte[] onlyBody(byte @Nullable [] previous, byte[] body) {
        if (previous != null) {
            throw new IllegalArgumentException("give one of --body and --body-file, once");
        }
        return body;
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a URL: " + e.getMessage(), e);
        }
    }

    private static byte[] file(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --body-file " + path + ": " + e.getMessage(), e);
        }
    }

    private static String value(Deque<String> queue, String option) {
        if (queue.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return queue.removeFirst();
    }

    private static int intValue(Deque<String> queue, String option) {
        String text = value(queue, option);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + text + "'", e);
        }
    }

    private static double doubleValue(Deque<String> queue, String option) {
        String text = value(queue, option);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + text + "'", e);
        }
    }

    private static Duration seconds(double seconds, String option) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException(option + " must be a non-negative number of seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
