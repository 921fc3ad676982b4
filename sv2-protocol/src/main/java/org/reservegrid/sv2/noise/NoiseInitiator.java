package org.reservegrid.sv2.noise;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.EllSwiftKeyPair;
import org.reservegrid.sv2.crypto.EllSwiftPublicKey;
import org.reservegrid.sv2.crypto.ElligatorSwift;
import org.reservegrid.sv2.crypto.Hashes;
import org.reservegrid.sv2.crypto.Secp256k1;

/**
 * Initiator (client, miner) side of {@code Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256}, sv2-spec section 4.5.
 *
 * <p>Lifecycle: one instance per connection; {@link #writeAct1()} once, then {@link #readAct2(byte[])} once with the
 * responder's 234 bytes. A verifying initiator checks the responder's certificate against the pool's authority key
 * (validity window with SRI's 10-second tolerance, then the BIP340 signature); an unauthenticated one skips that
 * check as SRI does without an authority key (the connection is still encrypted, but not authenticated).
 */
public final class NoiseInitiator {

    private final byte @Nullable [] authorityXOnly;
    private final InstantSource clock;
    private final Supplier<EllSwiftKeyPair> ephemeralKeys;
    private final HandshakeTrace trace;

    private @Nullable SymmetricState state;
    private @Nullable EllSwiftKeyPair ephemeral;
    private boolean finished;

    NoiseInitiator(
            byte @Nullable [] authorityXOnly,
            InstantSource clock,
            Supplier<EllSwiftKeyPair> ephemeralKeys,
            HandshakeTrace trace) {
        if (authorityXOnly != null && !Secp256k1.isValidXOnlyKey(authorityXOnly)) {
            throw new IllegalArgumentException("authority key is not a 32-byte secp256k1 x-only key");
        }
        this.authorityXOnly = authorityXOnly == null ? null : authorityXOnly.clone();
        this.clock = clock;
        this.ephemeralKeys = ephemeralKeys;
        this.trace = trace;
    }

    /** An initiator that accepts only responders certified by {@code authorityXOnly}. */
    public static NoiseInitiator verifying(byte[] authorityXOnly, InstantSource clock, SecureRandom random) {
        return new NoiseInitiator(authorityXOnly, clock, () -> EllSwiftKeyPair.generate(random), HandshakeTrace.NONE);
    }

    /** An initiator that encrypts but does not authenticate the responder (SRI's {@code Initiator::without_pk}). */
    public static NoiseInitiator unauthenticated(SecureRandom random) {
        return new NoiseInitiator(
                null, InstantSource.system(), () -> EllSwiftKeyPair.generate(random), HandshakeTrace.NONE);
    }

    /** Whether the responder's certificate is checked. */
    public boolean authenticatesResponder() {
        return authorityXOnly != null;
    }

    /** Act 1: the 64-byte ElligatorSwift encoding of a fresh ephemeral key. */
    public byte[] writeAct1() {
        if (state != null || finished) {
            throw new IllegalStateException("act 1 was already written");
        }
        SymmetricState symmetric = new SymmetricState();
        trace.record("h0", symmetric.handshakeHash());
        trace.record("ck0", symmetric.chainingKey());
        EllSwiftKeyPair keyPair = ephemeralKeys.get();
        byte[] act1 = keyPair.encoding();
        symmetric.mixHash(act1);
        // EncryptAndHash of the empty payload before any key: MixHash(empty).
        symmetric.mixHash(new byte[0]);
        trace.record("h_after_act1", symmetric.handshakeHash());
        state = symmetric;
        ephemeral = keyPair;
        return act1;
    }

    /**
     * Consumes act 2 and returns the transport session.
     *
     * @throws NoiseException {@link GatewayReason#NOISE_HANDSHAKE_FAILED} for a wrong length, a tag that does not
     *     verify or a certificate that does not check out
     * @throws IllegalStateException if act 1 was not written or act 2 was already read
     */
    public NoiseSession readAct2(byte[] act2) throws NoiseException {
        SymmetricState symmetric = state;
        EllSwiftKeyPair keyPair = ephemeral;
        if (symmetric == null || keyPair == null || finished) {
            throw new IllegalStateException("readAct2 needs exactly one prior writeAct1");
        }
        finished = true;
        state = null;
        ephemeral = null;
        if (act2.length != NoiseProtocol.ACT2_LENGTH) {
            throw new NoiseException(
                    GatewayReason.NOISE_HANDSHAKE_FAILED,
                    "act 2 must be " + NoiseProtocol.ACT2_LENGTH + " bytes, got " + act2.length);
        }
        int offset = 0;
        byte[] responderEphemeral = Arrays.copyOfRange(act2, offset, offset += ElligatorSwift.ENCODING_LENGTH);
        byte[] encryptedStatic = Arrays.copyOfRange(act2, offset, offset += NoiseProtocol.ENCRYPTED_STATIC_KEY_LENGTH);
        byte[] encryptedCertificate =
                Arrays.copyOfRange(act2, offset, offset + NoiseProtocol.ENCRYPTED_CERTIFICATE_LENGTH);

        // <- e, ee
        symmetric.mixHash(responderEphemeral);
        byte[] ee = keyPair.ecdh(responderEphemeral, ElligatorSwift.Party.INITIATOR);
        symmetric.mixKey(ee);
        trace.record("ecdh_ee", ee);
        trace.record("h_before_static_enc", symmetric.handshakeHash());

        // <- s, es
        EllSwiftPublicKey responderStatic = EllSwiftPublicKey.decode(symmetric.decryptAndHash(encryptedStatic));
        byte[] es = keyPair.ecdh(responderStatic, ElligatorSwift.Party.INITIATOR);
        symmetric.mixKey(es);
        trace.record("ecdh_es", es);
        trace.record("h_before_cert_enc", symmetric.handshakeHash());

        // Payload: the responder's certificate.
        SignatureNoiseMessage certificate =
                SignatureNoiseMessage.fromBytes(symmetric.decryptAndHash(encryptedCertificate));
        trace.record("h_final", symmetric.handshakeHash());
        trace.record("ck_final", symmetric.chainingKey());
        byte[] responderStaticXOnly = responderStatic.xOnly();
        if (authorityXOnly != null) {
            certificate.verify(
                    authorityXOnly, responderStaticXOnly, clock.instant().getEpochSecond());
        }

        Hashes.HkdfOutput keys = symmetric.split();
        trace.record("k1", keys.first());
        trace.record("k2", keys.second());
        Arrays.fill(ee, (byte) 0);
        Arrays.fill(es, (byte) 0);
        return new NoiseSession(
                new CipherState(keys.first()),
                new CipherState(keys.second()),
                symmetric.handshakeHash(),
                responderStaticXOnly);
    }
}
