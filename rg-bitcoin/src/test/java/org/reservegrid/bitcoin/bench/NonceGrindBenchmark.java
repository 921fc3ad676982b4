package org.reservegrid.bitcoin.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.reservegrid.bitcoin.BlockHeader;
import org.reservegrid.bitcoin.DoubleSha256;

/**
 * One nonce attempt of the grinding loops in test-miner's NonceGrinder and rg-load-test's SimulatedMiner: set the
 * nonce in an 80-byte header, double SHA-256 it. {@code messageDigestTwice} is how both loops hashed before
 * rg-bitcoin ({@code sha256.digest(sha256.digest(header))} on one digest), {@code hasherInto} how they hash now.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NonceGrindBenchmark {
    private final byte[] header = new byte[BlockHeader.LENGTH];
    private final byte[] hash = new byte[DoubleSha256.LENGTH];
    private MessageDigest sha256 = sha256();
    private DoubleSha256.Hasher hasher = DoubleSha256.newHasher();
    private long nonce;

    @Setup
    public void setUp() {
        sha256 = sha256();
        hasher = DoubleSha256.newHasher();
        for (int i = 0; i < header.length; i++) {
            header[i] = (byte) (i * 31);
        }
    }

    @Benchmark
    public byte[] messageDigestTwice() {
        BlockHeader.putNonce(header, nonce++);
        return sha256.digest(sha256.digest(header));
    }

    @Benchmark
    public byte[] hasherInto() {
        BlockHeader.putNonce(header, nonce++);
        hasher.hashInto(header, 0, header.length, hash);
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
