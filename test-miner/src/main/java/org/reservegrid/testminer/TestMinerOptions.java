package org.reservegrid.testminer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.reservegrid.sv2.crypto.InvalidEncodingException;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.crypto.Sv2KeyText;

/**
 * The command line of {@code test-miner}.
 *
 * @param host gateway address
 * @param port gateway SV2 port
 * @param authorityXOnly the pool authority's x-only public key; the gateway's certificate must be signed by it
 * @param shares how many shares to submit
 * @param interval time between submissions
 * @param jobTimeout the longest wait for any answer, job or share before giving up
 * @param ackTimeout how long to wait after the last submission for the outstanding acknowledgements
 * @param identity {@code user_identity} of the channel
 * @param hashrate {@code nominal_hash_rate} announced when opening the channel (h/s)
 * @param randomNonces submit random nonces without checking them against the target
 * @param json print one JSON summary as the last line
 */
public record TestMinerOptions(
        String host,
        int port,
        byte[] authorityXOnly,
        int shares,
        Duration interval,
        Duration jobTimeout,
        Duration ackTimeout,
        String identity,
        float hashrate,
        boolean randomNonces,
        boolean json) {

    /** Small enough that a pool sizing the target for a few shares a minute gives one a CPU finds in milliseconds. */
    public static final float DEFAULT_HASHRATE = 10_000f;

    static final String USAGE = """
            usage: test-miner --authority-pubkey KEY [options]
              --host HOST               gateway address (default 127.0.0.1)
              --port PORT               gateway Stratum V2 port (default 3333)
              --authority-pubkey KEY    pool authority public key, base58check (GET /api/noise on the gateway)
                                        or 64 hex digits; the gateway's Noise certificate must verify with it
              --shares N                shares to submit (default 5)
              --interval-secs S         seconds between submissions (default 2)
              --job-timeout-secs S      longest wait for an answer, a job or one share's nonce search (default 60)
              --ack-timeout-secs S      wait after the last share for outstanding acknowledgements (default 10)
              --identity NAME           channel user identity (default test-miner)
              --hashrate H              nominal hash rate announced for the channel, h/s (default 10000)
              --random-nonces           submit random nonces without checking them (to exercise rejects)
              --json                    print one JSON summary as the last line
            Exit codes: 0 every share was accepted, 1 anything else (reason printed), 2 bad usage.
            """;

    /** Parses the arguments; a bad command line throws {@link IllegalArgumentException} with the reason. */
    public static TestMinerOptions parse(List<String> args) {
        Deque<String> queue = new ArrayDeque<>(args);
        String host = "127.0.0.1";
        int port = 3333;
        byte[] authority = null;
        int shares = 5;
        Duration interval = Duration.ofSeconds(2);
        Duration jobTimeout = Duration.ofSeconds(60);
        Duration ackTimeout = Duration.ofSeconds(10);
        String identity = "test-miner";
        float hashrate = DEFAULT_HASHRATE;
        boolean randomNonces = false;
        boolean json = false;
        while (!queue.isEmpty()) {
            String option = queue.removeFirst();
            switch (option) {
                case "--host" -> host = value(queue, option);
                case "--port" -> port = intInRange(value(queue, option), option, 1, 65_535);
                case "--authority-pubkey" -> authority = authorityKey(value(queue, option));
                case "--shares" -> shares = intInRange(value(queue, option), option, 1, 1_000_000);
                case "--interval-secs" -> interval = seconds(value(queue, option), option, false);
                case "--job-timeout-secs" -> jobTimeout = seconds(value(queue, option), option, true);
                case "--ack-timeout-secs" -> ackTimeout = seconds(value(queue, option), option, false);
                case "--identity" -> identity = value(queue, option);
                case "--hashrate" -> hashrate = hashrate(value(queue, option));
                case "--random-nonces" -> randomNonces = true;
                case "--json" -> json = true;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (authority == null) {
            throw new IllegalArgumentException(
                    "--authority-pubkey is required: without it the gateway's identity cannot be checked");
        }
        if (identity.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("--identity must fit in 255 bytes");
        }
        return new TestMinerOptions(
                host,
                port,
                authority,
                shares,
                interval,
                jobTimeout,
                ackTimeout,
                identity,
                hashrate,
                randomNonces,
                json);
    }

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    private static String value(Deque<String> queue, String option) {
        if (queue.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return queue.removeFirst();
    }

    private static int intInRange(String raw, String option, int min, int max) {
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + raw + "' is not a whole number", e);
        }
    }

    private static Duration seconds(String raw, String option, boolean positive) {
        double seconds;
        try {
            seconds = Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + raw + "' is not a number of seconds", e);
        }
        if (!Double.isFinite(seconds) || seconds < 0 || (positive && seconds == 0) || seconds > 86_400) {
            throw new IllegalArgumentException(
                    option + " must be " + (positive ? "positive" : "non-negative") + " and at most 86400");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static float hashrate(String raw) {
        float value;
        try {
            value = Float.parseFloat(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--hashrate: '" + raw + "' is not a number", e);
        }
        if (!Float.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("--hashrate must be a finite non-negative number of h/s");
        }
        return value;
    }

    /** Base58check text form (as the gateway and SRI print it) or 64 hex digits of the x-only key. */
    static byte[] authorityKey(String raw) {
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
}
