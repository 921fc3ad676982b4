package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * A message on the verifier's TCP protocol. Every frame is
 * {@code u32 length (big-endian, counts the bytes after it) | u8 type | u8 version | body}; see
 * docs/verifier-protocol.md.
 */
public sealed interface VerifierMessage permits TemplatePropose, TemplateVerdict, ProtocolError {
    /** Body format version this build writes and reads. */
    int VERSION = 1;

    /** The id that pairs a verdict with its proposal; proposals are pipelined, verdicts may come in any order. */
    long requestId();

    MessageKind kind();

    /** Writes the body (after the type and version bytes). */
    void write(ByteBuf out);

    /** Length of the body written by {@link #write(ByteBuf)}. */
    int encodedLength();
}
