package org.reservegrid.sv2.crypto.bench;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.reservegrid.sv2.crypto.Bip340;
import org.reservegrid.sv2.crypto.ElligatorSwift;
import org.reservegrid.sv2.crypto.Secp256k1;

/**
 * A dudect-style leakage test (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", DATE 2017) of the
 * secret-key operations: each measurement times one operation on a secret from one of two classes, a fixed secret
 * (low weight: only its low 64 bits are set, the case variable-time code is quickest on) or a fresh random one,
 * the class drawn at random for every measurement so that drift and noise from the rest of the machine fall on both
 * classes alike. A Welch t-test compares the two timing distributions, on all measurements and again on those below
 * several percentiles (cropping drops the long tail of interrupts and GC pauses, which can hide a shift). |t| above
 * 4.5 means the time depends on the secret with overwhelming confidence; below it, no leak was detected with that
 * many measurements.
 *
 * <p>Operations: {@code pubkey} (d * G and x-only key), {@code ecdh} (BIP324 x-only ECDH with a fixed peer key),
 * {@code sign} (BIP340 signature of a fixed message with fixed aux_rand). Implementations: {@code ct} (the
 * sv2-protocol code) and {@code bc} (the Bouncy Castle and BigInteger code it replaced, {@link BouncyCastleSecretOps}).
 *
 * <p>Not a unit test (timing on a shared machine is no pass/fail criterion); run with scripts/bench/constant-time.sh,
 * figures in docs/benchmarks.md, "Constant-time secret-key operations".
 *
 * <p>Arguments: {@code [measurements per run, default 200000] [operations, default pubkey,ecdh,sign]
 * [implementations, default bc,ct]}.
 */
public final class ConstantTimeLeakage {

    private static final double[] CROP_PERCENTILES = {0.5, 0.75, 0.9, 0.95, 0.99};
    private static final int WARMUP = 20_000;
    private static final int REPORTS = 5;

    private static volatile int sink;

    private ConstantTimeLeakage() {}

    interface SecretOperation {
        byte[] apply(byte[] secret);
    }

    public static void main(String[] args) {
        int measurements = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String[] operations = (args.length > 1 ? args[1] : "pubkey,ecdh,sign").split(",");
        String[] implementations = (args.length > 2 ? args[2] : "bc,ct").split(",");
        SecureRandom random = new SecureRandom();
        byte[] peerEncoding = ElligatorSwift.encodePublicKey(Secp256k1.generateSecretKey(random), random);
        byte[] message = new byte[32];
        random.nextBytes(message);
        byte[] auxRand = new byte[32];
        random.nextBytes(auxRand);
        byte[] fixedSecret = new byte[32];
        do {
            random.nextBytes(fixedSecret);
            Arrays.fill(fixedSecret, 0, 24, (byte) 0);
        } while (!Secp256k1.isValidSecretKey(fixedSecret));

        System.out.printf(
                Locale.ROOT,
                "# dudect: %d measurements per run, fixed secret %s, %s %s, %d cores%n",
                measurements,
                hex(fixedSecret),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors());
        for (String operation : operations) {
            for (String implementation : implementations) {
                SecretOperation op = operation(operation, implementation, peerEncoding, message, auxRand);
                run(operation + "/" + implementation, op, fixedSecret, measurements, random);
            }
        }
    }

    private static SecretOperation operation(
            String operation, String implementation, byte[] peerEncoding, byte[] message, byte[] auxRand) {
        boolean ct = switch (implementation) {
            case "ct" -> true;
            case "bc" -> false;
            default -> throw new IllegalArgumentException("implementation must be ct or bc: " + implementation);
        };
        return switch (operation) {
            case "pubkey" -> ct ? Secp256k1::xOnlyPublicKey : BouncyCastleSecretOps::xOnlyPublicKey;
            // Both decode the fixed peer encoding on every call (the same public work for both classes) and then
            // multiply it by the secret, as the handshake does.
            case "ecdh" ->
                ct
                        ? secret -> ElligatorSwift.xOnlyEcdh(peerEncoding, secret)
                        : secret -> BouncyCastleSecretOps.xOnlyEcdh(
                                BouncyCastleSecretOps.liftX(ElligatorSwift.decode(peerEncoding)), secret);
            case "sign" ->
                ct
                        ? secret -> Bip340.sign(secret, message, auxRand)
                        : secret -> BouncyCastleSecretOps.sign(secret, message, auxRand);
            default -> throw new IllegalArgumentException("operation must be pubkey, ecdh or sign: " + operation);
        };
    }

    private static void run(String name, SecretOperation op, byte[] fixedSecret, int measurements, SecureRandom rng) {
        // Inputs of both classes are laid out the same way (one array per measurement) so memory layout does not
        // differ between classes; classes come from a fast PRNG seeded from SecureRandom.
        Random classes = new Random(rng.nextLong());
        for (int i = 0; i < WARMUP; i++) {
            sink ^= op.apply(i % 2 == 0 ? fixedSecret : Secp256k1.generateSecretKey(rng))[0];
        }
        int chunk = Math.max(1, measurements / REPORTS);
        long[] times = new long[measurements];
        boolean[] isFixed = new boolean[measurements];
        byte[][] inputs = new byte[chunk][];
        int done = 0;
        while (done < measurements) {
            int count = Math.min(chunk, measurements - done);
            for (int i = 0; i < count; i++) {
                isFixed[done + i] = classes.nextBoolean();
                inputs[i] = isFixed[done + i] ? fixedSecret.clone() : Secp256k1.generateSecretKey(rng);
            }
            for (int i = 0; i < count; i++) {
                byte[] input = inputs[i];
                long start = System.nanoTime();
                byte[] out = op.apply(input);
                long end = System.nanoTime();
                times[done + i] = end - start;
                sink ^= out[0];
            }
            done += count;
            report(name, Arrays.copyOf(times, done), Arrays.copyOf(isFixed, done));
        }
    }

    private static void report(String name, long[] times, boolean[] isFixed) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        double maxAbsT = 0;
        StringBuilder perCrop = new StringBuilder();
        double raw = welchT(times, isFixed, Long.MAX_VALUE);
        maxAbsT = Math.abs(raw);
        perCrop.append(String.format(Locale.ROOT, "all %.2f", raw));
        for (double percentile : CROP_PERCENTILES) {
            long threshold = sorted[(int) (percentile * (sorted.length - 1))];
            double t = welchT(times, isFixed, threshold);
            maxAbsT = Math.max(maxAbsT, Math.abs(t));
            perCrop.append(String.format(Locale.ROOT, ", <p%.0f %.2f", percentile * 100, t));
        }
        long median = sorted[sorted.length / 2];
        System.out.printf(
                Locale.ROOT,
                "%-12s n=%8d median %8.1f us (%7.0f ops/s)  max|t| %7.2f %s  [%s]%n",
                name,
                times.length,
                median / 1000.0,
                1e9 / median,
                maxAbsT,
                maxAbsT > 4.5 ? "LEAK" : "no leak detected",
                perCrop);
    }

    /** Welch's t statistic of the fixed class against the random class over the measurements at most threshold. */
    static double welchT(long[] times, boolean[] isFixed, long threshold) {
        double[] mean = new double[2];
        double[] m2 = new double[2];
        long[] n = new long[2];
        for (int i = 0; i < times.length; i++) {
            if (times[i] > threshold) {
                continue;
            }
            int c = isFixed[i] ? 0 : 1;
            n[c]++;
            double delta = times[i] - mean[c];
            mean[c] += delta / n[c];
            m2[c] += delta * (times[i] - mean[c]);
        }
        if (n[0] < 2 || n[1] < 2) {
            return 0;
        }
        double variance0 = m2[0] / (n[0] - 1);
        double variance1 = m2[1] / (n[1] - 1);
        return (mean[0] - mean[1]) / Math.sqrt(variance0 / n[0] + variance1 / n[1]);
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format(Locale.ROOT, "%02x", b));
        }
        return out.toString();
    }
}
