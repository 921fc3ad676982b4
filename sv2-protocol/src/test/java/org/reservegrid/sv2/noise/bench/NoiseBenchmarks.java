package org.reservegrid.sv2.noise.bench;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseInitiator;
import org.reservegrid.sv2.noise.NoiseResponder;
import org.reservegrid.sv2.noise.NoiseSession;
import org.reservegrid.sv2.noise.ResponderCredentials;

/**
 * Noise NX costs on one thread (average time per operation, so CPU time when the machine is idle).
 *
 * <ul>
 *   <li>{@link #responderHandshake}: everything a gateway does per connection: fresh ephemeral key and its
 *       ElligatorSwift encoding, decoding act 1, two ECDHs, hashing and sealing act 2, Split. Act 1 messages are
 *       precomputed so the initiator's work is not counted.
 *   <li>{@link #fullHandshakeBothSides}: both roles including the initiator's certificate check, for reference.
 *   <li>{@link #frameRoundTrip64}: encrypt a frame with a 64-byte payload (header and payload sealed separately) and
 *       decrypt it on the other side.
 * </ul>
 *
 * Run: see docs/sv2-noise.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class NoiseBenchmarks {

    private static final int ACT1_POOL = 64;

    private final SecureRandom random = new SecureRandom();
    private byte[] authority;
    private ResponderCredentials credentials;
    private byte[][] act1Pool;
    private int next;
    private NoiseSession sender;
    private NoiseSession receiver;
    private byte[] frame64;

    @Setup
    public void setUp() throws NoiseException {
        byte[] authoritySecret = Secp256k1.generateSecretKey(random);
        authority = Secp256k1.xOnlyPublicKey(authoritySecret);
        credentials = ResponderCredentials.issue(authoritySecret, Instant.now(), Duration.ofDays(1), random);
        act1Pool = new byte[ACT1_POOL][];
        for (int i = 0; i < ACT1_POOL; i++) {
            act1Pool[i] = NoiseInitiator.unauthenticated(random).writeAct1();
        }
        NoiseInitiator initiator = NoiseInitiator.unauthenticated(random);
        NoiseResponder.Reply reply = new NoiseResponder(credentials, random).processAct1(initiator.writeAct1());
        sender = initiator.readAct2(reply.act2());
        receiver = reply.session();
        frame64 = new byte[6 + 64];
        frame64[2] = 0x1a; // msg_type SubmitSharesStandard-sized payload
        frame64[3] = 64; // msg_length U24 LE
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public NoiseResponder.Reply responderHandshake() throws NoiseException {
        byte[] act1 = act1Pool[next++ & (ACT1_POOL - 1)];
        return new NoiseResponder(credentials, random).processAct1(act1);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public NoiseSession fullHandshakeBothSides() throws NoiseException {
        NoiseInitiator initiator = NoiseInitiator.verifying(authority, InstantSource.system(), random);
        NoiseResponder.Reply reply = new NoiseResponder(credentials, random).processAct1(initiator.writeAct1());
        return initiator.readAct2(reply.act2());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public byte[] frameRoundTrip64() throws NoiseException {
        return receiver.decryptFrame(sender.encryptFrame(frame64));
    }
}
