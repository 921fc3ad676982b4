package org.reservegrid.sv2.noise;

import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Bip340;
import org.reservegrid.sv2.crypto.Hashes;

/**
 * {@code SIGNATURE_NOISE_MESSAGE} (sv2-spec section 4.5.2, 74 bytes), the responder's certificate: the authority's
 * BIP340 signature over {@code SHA256(version || valid_from || not_valid_after || xonly(server static key))}.
 *
 * <p>Wire layout, all little-endian: version U16, valid_from U32, not_valid_after U32, signature 64 bytes.
 *
 * @param version always {@link #VERSION} when issued here; only that version is accepted
 * @param validFrom Unix seconds, U32
 * @param notValidAfter Unix seconds, U32
 * @param signature 64-byte BIP340 signature
 */
public record SignatureNoiseMessage(int version, long validFrom, long notValidAfter, byte[] signature) {

    /** Encoded length: 2 + 4 + 4 + 64. */
    public static final int ENCODED_LENGTH = 74;

    /** The only certificate version defined (SRI sends 0, sv2-tp accepts only 0). */
    public static final int VERSION = 0;

    /** SRI lets the initiator's clock drift this many seconds either way. */
    public static final long CLOCK_SKEW_TOLERANCE_SECONDS = 10;

    private static final long U32_MAX = 0xFFFF_FFFFL;

    public SignatureNoiseMessage {
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("version must fit a U16");
        }
        if (validFrom < 0 || validFrom > U32_MAX || notValidAfter < 0 || notValidAfter > U32_MAX) {
            throw new IllegalArgumentException("validity bounds must fit a U32");
        }
        if (signature.length != Bip340.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be 64 bytes");
        }
        signature = signature.clone();
    }

    /**
     * Signs a certificate for the server's static x-only key with the authority's secret key.
     *
     * @param random source of BIP340 aux_rand
     */
    public static SignatureNoiseMessage issue(
            byte[] authoritySecretKey,
            byte[] serverStaticXOnly,
            long validFrom,
            long notValidAfter,
            SecureRandom random) {
        byte[] auxRand = new byte[32];
        random.nextBytes(auxRand);
        return issue(authoritySecretKey, serverStaticXOnly, validFrom, notValidAfter, auxRand);
    }

    /** Like {@link #issue(byte[], byte[], long, long, SecureRandom)} with a fixed aux_rand (reproducible vectors). */
    public static SignatureNoiseMessage issue(
            byte[] authoritySecretKey, byte[] serverStaticXOnly, long validFrom, long notValidAfter, byte[] auxRand) {
        byte[] digest = signedDigest(VERSION, validFrom, notValidAfter, serverStaticXOnly);
        return new SignatureNoiseMessage(
                VERSION, validFrom, notValidAfter, Bip340.sign(authoritySecretKey, digest, auxRand));
    }

    /** The 32-byte message the authority signs: SHA-256 of the 10 header bytes and the server's x-only key. */
    public static byte[] signedDigest(int version, long validFrom, long notValidAfter, byte[] serverStaticXOnly) {
        if (serverStaticXOnly.length != 32) {
            throw new IllegalArgumentException("server static key must be 32 bytes x-only");
        }
        byte[] header = new byte[10];
        writeLe(header, 0, version, 2);
        writeLe(header, 2, validFrom, 4);
        writeLe(header, 6, notValidAfter, 4);
        return Hashes.sha256(header, serverStaticXOnly);
    }

    /**
     * Checks the certificate as SRI's initiator does: {@code valid_from - 10 <= now <= not_valid_after + 10}
     * (saturating at the U32 bounds), then the authority's signature over the server's static key.
     *
     * @param nowEpochSeconds current Unix time in seconds
     * @throws NoiseException with {@link GatewayReason#NOISE_HANDSHAKE_FAILED} and a detail saying which check failed
     */
    public void verify(byte[] authorityXOnly, byte[] serverStaticXOnly, long nowEpochSeconds) throws NoiseException {
        if (version != VERSION) {
            throw new NoiseException(
                    GatewayReason.NOISE_HANDSHAKE_FAILED, "unsupported certificate version " + version);
        }
        long earliest = Math.max(0, validFrom - CLOCK_SKEW_TOLERANCE_SECONDS);
        long latest = Math.min(U32_MAX, notValidAfter + CLOCK_SKEW_TOLERANCE_SECONDS);
        if (nowEpochSeconds < earliest) {
            throw new NoiseException(
                    GatewayReason.NOISE_HANDSHAKE_FAILED,
                    "certificate not valid before " + validFrom + " (now " + nowEpochSeconds + ")");
        }
        if (nowEpochSeconds > latest) {
            throw new NoiseException(
                    GatewayReason.NOISE_HANDSHAKE_FAILED,
                    "certificate expired at " + notValidAfter + " (now " + nowEpochSeconds + ")");
        }
        byte[] digest = signedDigest(version, validFrom, notValidAfter, serverStaticXOnly);
        if (!Bip340.verify(authorityXOnly, digest, signature)) {
            throw new NoiseException(
                    GatewayReason.NOISE_HANDSHAKE_FAILED, "certificate signature does not match the authority key");
        }
    }

    /** True if the validity window (with the clock-skew tolerance) contains {@code nowEpochSeconds}. */
    public boolean isCurrent(long nowEpochSeconds) {
        return Math.max(0, validFrom - CLOCK_SKEW_TOLERANCE_SECONDS) <= nowEpochSeconds
                && nowEpochSeconds <= Math.min(U32_MAX, notValidAfter + CLOCK_SKEW_TOLERANCE_SECONDS);
    }

    public static SignatureNoiseMessage read(ByteBuf in) {
        int version = in.readUnsignedShortLE();
        long validFrom = in.readUnsignedIntLE();
        long notValidAfter = in.readUnsignedIntLE();
        byte[] signature = new byte[Bip340.SIGNATURE_LENGTH];
        in.readBytes(signature);
        return new SignatureNoiseMessage(version, validFrom, notValidAfter, signature);
    }

    public void write(ByteBuf out) {
        out.writeShortLE(version);
        out.writeIntLE((int) validFrom);
        out.writeIntLE((int) notValidAfter);
        out.writeBytes(signature);
    }

    public int encodedLength() {
        return ENCODED_LENGTH;
    }

    /** Parses exactly 74 bytes. */
    public static SignatureNoiseMessage fromBytes(byte[] bytes) {
        if (bytes.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("SIGNATURE_NOISE_MESSAGE must be 74 bytes");
        }
        int version = (int) readLe(bytes, 0, 2);
        long validFrom = readLe(bytes, 2, 4);
        long notValidAfter = readLe(bytes, 6, 4);
        return new SignatureNoiseMessage(version, validFrom, notValidAfter, Arrays.copyOfRange(bytes, 10, 74));
    }

    public byte[] toBytes() {
        byte[] out = new byte[ENCODED_LENGTH];
        writeLe(out, 0, version, 2);
        writeLe(out, 2, validFrom, 4);
        writeLe(out, 6, notValidAfter, 4);
        System.arraycopy(signature, 0, out, 10, Bip340.SIGNATURE_LENGTH);
        return out;
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SignatureNoiseMessage that
                && version == that.version
                && validFrom == that.validFrom
                && notValidAfter == that.notValidAfter
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(validFrom ^ (notValidAfter << 7) ^ version) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignatureNoiseMessage[version=" + version + ", validFrom=" + validFrom + ", notValidAfter="
                + notValidAfter + ", signature=" + HexFormat.of().formatHex(signature) + "]";
    }

    private static void writeLe(byte[] out, int offset, long value, int length) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static long readLe(byte[] in, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value |= (in[offset + i] & 0xFFL) << (8 * i);
        }
        return value;
    }
}
