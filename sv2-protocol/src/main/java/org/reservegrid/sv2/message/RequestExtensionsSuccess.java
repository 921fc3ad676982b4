package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.reservegrid.sv2.binary.Seq064K;
import org.reservegrid.sv2.binary.U16;

/**
 * {@code RequestExtensions.Success}: the requested extensions the server supports.
 *
 * <p>Wire layout (sv2-spec {@code extensions/0x0001-extensions-negotiation.md} §2, server to client; type {@link
 * MessageType#REQUEST_EXTENSIONS_SUCCESS}): fields in this order, no padding.
 *
 * @param requestId {@code request_id} (U16)
 * @param supportedExtensions {@code supported_extensions} (SEQ0_64K[U16])
 */
public record RequestExtensionsSuccess(int requestId, List<Integer> supportedExtensions) implements ServerToClient {

    public RequestExtensionsSuccess {
        U16.require(requestId, "request_id");
        supportedExtensions = new Seq064K<>(supportedExtensions).elements();
        supportedExtensions.forEach(value -> U16.require(value, "supported_extensions"));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static RequestExtensionsSuccess read(ByteBuf in) {
        int requestId = U16.readValue(in);
        List<Integer> supportedExtensions = Seq064K.read(in, U16.CODEC).elements();
        return new RequestExtensionsSuccess(requestId, supportedExtensions);
    }

    public void write(ByteBuf out) {
        U16.writeValue(out, requestId);
        new Seq064K<>(supportedExtensions).write(out, U16.CODEC);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U16.LENGTH + U16.LENGTH + U16.LENGTH * supportedExtensions.size();
    }

    @Override
    public MessageType messageType() {
        return MessageType.REQUEST_EXTENSIONS_SUCCESS;
    }
}
