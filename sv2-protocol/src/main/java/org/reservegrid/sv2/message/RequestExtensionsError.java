package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.reservegrid.sv2.binary.Seq064K;
import org.reservegrid.sv2.binary.U16;

/**
 * {@code RequestExtensions.Error}: the requested extensions the server does not support, and those it requires.
 *
 * <p>Wire layout (sv2-spec {@code extensions/0x0001-extensions-negotiation.md} §2, server to client; type {@link
 * MessageType#REQUEST_EXTENSIONS_ERROR}): fields in this order, no padding.
 *
 * @param requestId {@code request_id} (U16)
 * @param unsupportedExtensions {@code unsupported_extensions} (SEQ0_64K[U16])
 * @param requiredExtensions {@code required_extensions} (SEQ0_64K[U16])
 */
public record RequestExtensionsError(
        int requestId, List<Integer> unsupportedExtensions, List<Integer> requiredExtensions)
        implements ServerToClient {

    public RequestExtensionsError {
        U16.require(requestId, "request_id");
        unsupportedExtensions = new Seq064K<>(unsupportedExtensions).elements();
        unsupportedExtensions.forEach(value -> U16.require(value, "unsupported_extensions"));
        requiredExtensions = new Seq064K<>(requiredExtensions).elements();
        requiredExtensions.forEach(value -> U16.require(value, "required_extensions"));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static RequestExtensionsError read(ByteBuf in) {
        int requestId = U16.readValue(in);
        List<Integer> unsupportedExtensions = Seq064K.read(in, U16.CODEC).elements();
        List<Integer> requiredExtensions = Seq064K.read(in, U16.CODEC).elements();
        return new RequestExtensionsError(requestId, unsupportedExtensions, requiredExtensions);
    }

    public void write(ByteBuf out) {
        U16.writeValue(out, requestId);
        new Seq064K<>(unsupportedExtensions).write(out, U16.CODEC);
        new Seq064K<>(requiredExtensions).write(out, U16.CODEC);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U16.LENGTH
                + U16.LENGTH
                + U16.LENGTH * unsupportedExtensions.size()
                + U16.LENGTH
                + U16.LENGTH * requiredExtensions.size();
    }

    @Override
    public MessageType messageType() {
        return MessageType.REQUEST_EXTENSIONS_ERROR;
    }
}
