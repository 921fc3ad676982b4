package org.reservegrid.sv2.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.EllSwiftKeyPair;
import org.reservegrid.sv2.crypto.EllSwiftPublicKey;
import org.reservegrid.sv2.crypto.ElligatorSwift;
import org.reservegrid.sv2.crypto.Hashes;

/**
 * Responder (server, pool) side of {@code Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256}, sv2-spec section 4.5.
 *
 * <p>Lifecycle: one instance per connection; {@link #processAct1(byte[])} once with the 64-byte act 1, which returns
 * the 234-byte act 2 to send and the transport {@link NoiseSession}. Any 64 bytes are a valid act 1 (every string
 * decodes under ElligatorSwift), so the responder's handshake cannot fail on input; it fails on length only.
 *
 * <p>Act 2 = {@code ell(e_R) || Enc(ell(s_R)) || Enc(SIGNATURE_NOISE_MESSAGE)}, with {@code MixKey(ECDH(e_R, e_I))}
 * before the static key and {@code MixKey(ECDH(s_R, e_I))} before the certificate.
 */
public final class NoiseResponder {

    private final ResponderCredentials credentials;
    private final Supplier<EllSwiftKeyPair> ephemeralKeys;
    private final HandshakeTrace trace;
    private boolean used;

    public NoiseResponder(ResponderCredentials credentials, SecureRandom random) {
        this(credentials, () -> EllSwiftKeyPair.generate(random), HandshakeTrace.NONE);
    }

    NoiseResponder(ResponderCredentials credentials, Supplier<EllSwiftKeyPair> ephemeralKeys, HandshakeTrace trace) {
        this.credentials = credentials;
        this.ephemeralKeys = ephemeralKeys;
        this.trace = trace;
    }

    /** Act 2 to send and the session to use once it is sent. */
    public record Reply(byte[] act2, NoiseSession session) {}

    /**
     * Consumes act 1 and produces act 2.
     *
     * @throws NoiseException {@link GatewayReason#NOISE_HANDSHAKE_FAILED} if act 1 is not exactly 64 bytes
     * @throws IllegalStateException if called twice
     */
    public Reply processAct1(byte[] act1) throws NoiseException {
        if (used) {
            throw new IllegalStateException("a NoiseResponder runs one handshake");
        }
        used = true;
        if (act1.length != NoiseProtocol.ACT1_LENGTH) {
            throw new NoiseException(
                    GatewayReason.NOISE_HANDSHAKE_FAILED,
                    "act 1 must be " + NoiseProtocol.ACT1_LENGTH + " bytes, got " + act1.length);
        }
        SymmetricState state = new SymmetricState();
        trace.record("h0", state.handshakeHash());
        trace.record("ck0", state.chainingKey());

        // <- e: the initiator's ephemeral key, then its (empty, unencrypted) payload.
        byte[] initiatorEphemeral = act1.clone();
        EllSwiftPublicKey initiatorKey = EllSwiftPublicKey.decode(initiatorEphemeral);
        state.mixHash(initiatorEphemeral);
        state.decryptAndHash(new byte[0]);
        trace.record("h_after_act1", state.handshakeHash());

        // -> e, ee
        EllSwiftKeyPair ephemeral = ephemeralKeys.get();
        byte[] ephemeralEncoding = ephemeral.encoding();
        state.mixHash(ephemeralEncoding);
        byte[] ee = ephemeral.ecdh(initiatorKey, ElligatorSwift.Party.RESPONDER);
        state.mixKey(ee);
        traceKeys("ee", ee, state);
        trace.record("h_before_static_enc", state.handshakeHash());

        // -> s, es
        byte[] encryptedStatic = state.encryptAndHash(credentials.staticKey().encoding());
        trace.record("h_after_static_enc", state.handshakeHash());
        byte[] es = credentials.staticKey().ecdh(initiatorKey, ElligatorSwift.Party.RESPONDER);
        state.mixKey(es);
        traceKeys("es", es, state);
        trace.record("h_before_cert_enc", state.handshakeHash());

        // The payload of act 2: the certificate.
        byte[] encryptedCertificate =
                state.encryptAndHash(credentials.certificate().toBytes());
        trace.record("h_final", state.handshakeHash());
        trace.record("ck_final", state.chainingKey());

        byte[] act2 = new byte[NoiseProtocol.ACT2_LENGTH];
        System.arraycopy(ephemeralEncoding, 0, act2, 0, ephemeralEncoding.length);
        System.arraycopy(encryptedStatic, 0, act2, 64, encryptedStatic.length);
        System.arraycopy(encryptedCertificate, 0, act2, 64 + encryptedStatic.length, encryptedCertificate.length);

        Hashes.HkdfOutput keys = state.split();
        trace.record("k1", keys.first());
        trace.record("k2", keys.second());
        NoiseSession session = new NoiseSession(
                new CipherState(keys.second()), new CipherState(keys.first()), state.handshakeHash(), null);
        Arrays.fill(ee, (byte) 0);
        Arrays.fill(es, (byte) 0);
        return new Reply(act2, session);
    }

    private void traceKeys(String step, byte[] ecdh, SymmetricState state) {
        trace.record("ecdh_" + step, ecdh);
        trace.record("ck_after_" + step, state.chainingKey());
        byte[] k = state.handshakeKey();
        if (k != null) {
            trace.record("k_after_" + step, k);
        }
    }
}
