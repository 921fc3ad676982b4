package org.reservegrid.sv2.noise;

import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.ChaChaPoly;

/**
 * The transport after {@code Split()}: one {@link CipherState} per direction and the SV2 frame encryption of SRI's
 * framing_sv2/noise_sv2.
 *
 * <p>A plaintext frame is a 6-byte header (extension_type U16, msg_type U8, msg_length U24, little-endian) followed
 * by msg_length payload bytes. It travels as the header sealed alone (22 bytes), then the payload sealed in chunks of
 * at most {@value NoiseProtocol#MAX_PLAINTEXT_CHUNK} plaintext bytes (at most 65,535 bytes sealed). Every seal uses
 * the next nonce; the associated data is empty; msg_length stays the plaintext length; an empty payload sends only
 * the header.
 *
 * <p>Not thread-safe: one connection's event loop owns it.
 */
public final class NoiseSession {

    private static final byte[] NO_AD = new byte[0];
    private static final int MAX_SEALED_CHUNK = NoiseProtocol.MAX_PLAINTEXT_CHUNK + ChaChaPoly.TAG_LENGTH;

    private final CipherState sender;
    private final CipherState receiver;
    private final byte[] handshakeHash;
    private final byte @Nullable [] remoteStaticXOnly;

    NoiseSession(CipherState sender, CipherState receiver, byte[] handshakeHash, byte @Nullable [] remoteStaticXOnly) {
        this.sender = sender;
        this.receiver = receiver;
        this.handshakeHash = handshakeHash;
        this.remoteStaticXOnly = remoteStaticXOnly;
    }

    /** The cipher for what this side sends. */
    public CipherState sender() {
        return sender;
    }

    /** The cipher for what this side receives. */
    public CipherState receiver() {
        return receiver;
    }

    /** The final handshake hash h, identical on both sides (usable for channel binding). */
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    /** The responder's static x-only key as the initiator saw it; null on the responder side. */
    public byte @Nullable [] remoteStaticXOnly() {
        return remoteStaticXOnly == null ? null : remoteStaticXOnly.clone();
    }

    /** Bytes the payload takes on the wire: {@code L + 16 * ceil(L / 65519)}. */
    public static int encryptedPayloadLength(int payloadLength) {
        int chunks = (payloadLength + NoiseProtocol.MAX_PLAINTEXT_CHUNK - 1) / NoiseProtocol.MAX_PLAINTEXT_CHUNK;
        return payloadLength + chunks * ChaChaPoly.TAG_LENGTH;
    }

    /** Bytes the whole frame takes on the wire: 22 + {@link #encryptedPayloadLength}. */
    public static int encryptedFrameLength(int payloadLength) {
        return NoiseProtocol.ENCRYPTED_HEADER_LENGTH + encryptedPayloadLength(payloadLength);
    }

    /** msg_length of a plaintext header at {@code offset}. */
    public static int payloadLength(byte[] header, int offset) {
        return (header[offset + 3] & 0xFF) | (header[offset + 4] & 0xFF) << 8 | (header[offset + 5] & 0xFF) << 16;
    }

    /**
     * Encrypts one plaintext frame of {@code length} bytes at {@code offset}.
     *
     * @throws IllegalArgumentException if {@code length} is not 6 + the header's msg_length
     */
    public byte[] encryptFrame(byte[] frame, int offset, int length) throws NoiseException {
        if (length < NoiseProtocol.FRAME_HEADER_LENGTH) {
            throw new IllegalArgumentException("a frame needs at least its 6-byte header");
        }
        int payloadLength = payloadLength(frame, offset);
        if (length != NoiseProtocol.FRAME_HEADER_LENGTH + payloadLength) {
            throw new IllegalArgumentException(
                    "frame of " + length + " bytes but its header announces a " + payloadLength + "-byte payload");
        }
        byte[] out = new byte[encryptedFrameLength(payloadLength)];
        int written = sender.encryptWithAd(NO_AD, frame, offset, NoiseProtocol.FRAME_HEADER_LENGTH, out, 0);
        int in = offset + NoiseProtocol.FRAME_HEADER_LENGTH;
        int remaining = payloadLength;
        while (remaining > 0) {
            int chunk = Math.min(remaining, NoiseProtocol.MAX_PLAINTEXT_CHUNK);
            written += sender.encryptWithAd(NO_AD, frame, in, chunk, out, written);
            in += chunk;
            remaining -= chunk;
        }
        return out;
    }

    /** Encrypts a whole plaintext frame array. */
    public byte[] encryptFrame(byte[] frame) throws NoiseException {
        return encryptFrame(frame, 0, frame.length);
    }

    /**
     * Opens the 22-byte sealed header at {@code inOffset} into 6 bytes of {@code headerOut}.
     *
     * @return the payload length the header announces
     * @throws NoiseException {@link GatewayReason#FRAME_DECODE_ERROR} if the tag does not verify
     */
    public int decryptHeader(byte[] in, int inOffset, byte[] headerOut, int headerOutOffset) throws NoiseException {
        receiver.decryptWithAd(
                NO_AD,
                in,
                inOffset,
                NoiseProtocol.ENCRYPTED_HEADER_LENGTH,
                headerOut,
                headerOutOffset,
                GatewayReason.FRAME_DECODE_ERROR);
        return payloadLength(headerOut, headerOutOffset);
    }

    /**
     * Opens the {@link #encryptedPayloadLength(int)} bytes at {@code inOffset} chunk by chunk into
     * {@code payloadLength} bytes of {@code out}.
     *
     * @throws NoiseException {@link GatewayReason#FRAME_DECODE_ERROR} if a tag does not verify
     */
    public void decryptPayload(byte[] in, int inOffset, int payloadLength, byte[] out, int outOffset)
            throws NoiseException {
        int remaining = encryptedPayloadLength(payloadLength);
        int read = inOffset;
        int written = outOffset;
        while (remaining > 0) {
            int sealed = Math.min(remaining, MAX_SEALED_CHUNK);
            written += receiver.decryptWithAd(NO_AD, in, read, sealed, out, written, GatewayReason.FRAME_DECODE_ERROR);
            read += sealed;
            remaining -= sealed;
        }
    }

    /**
     * Decrypts one whole encrypted frame (header and payload) into the plaintext frame.
     *
     * @throws NoiseException {@link GatewayReason#FRAME_DECODE_ERROR} on a bad tag or a length mismatch
     */
    public byte[] decryptFrame(byte[] encrypted) throws NoiseException {
        if (encrypted.length < NoiseProtocol.ENCRYPTED_HEADER_LENGTH) {
            throw new NoiseException(GatewayReason.FRAME_DECODE_ERROR, "encrypted frame shorter than its header");
        }
        byte[] header = new byte[NoiseProtocol.FRAME_HEADER_LENGTH];
        int payloadLength = decryptHeader(encrypted, 0, header, 0);
        if (encrypted.length != encryptedFrameLength(payloadLength)) {
            throw new NoiseException(
                    GatewayReason.FRAME_DECODE_ERROR,
                    "encrypted frame of " + encrypted.length + " bytes, header announces " + payloadLength);
        }
        byte[] frame = new byte[NoiseProtocol.FRAME_HEADER_LENGTH + payloadLength];
        System.arraycopy(header, 0, frame, 0, NoiseProtocol.FRAME_HEADER_LENGTH);
        decryptPayload(encrypted, NoiseProtocol.ENCRYPTED_HEADER_LENGTH, payloadLength, frame, 6);
        return frame;
    }

    @Override
    public String toString() {
        return "NoiseSession[send n=" + sender.nonce() + ", receive n=" + receiver.nonce() + "]";
    }
}
