package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.reservegrid.sv2.binary.Seq064K;
import org.reservegrid.sv2.binary.U16;

/**
 * Extensions negotiation ({@code extension_type} 0x0001): the extensions a client wants to use after {@code
 * SetupConnection.Success}.
 *
 * <p>Wire layout (sv2-spec {@code extensions/0x0001-extensions-negotiation.md} §2, client to server; type {@link
 * MessageType#REQUEST_EXTENSIONS}): fields in this order, no padding.
 *
 * @param requestId {@code request_id} (U16)
 * @param requestedExtensions {@code requested_extensions} (SEQ0_64K[U16])
 */
public record RequestExtensions(int requestId, List<Integer> requestedExtensions) implements ClientToServer {

    public RequestExtensions {
        U16.require(requestId, "request_id");
        requestedExtensions = new Seq064K<>(requestedExtensions).elements();
        requestedExtensions.forEach(value -> U16.require(value, "requested_extensions"));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static RequestExtensions read(ByteBuf in) {
        int requestId = U16.readValue(in);
        List<Integer> requestedExtensions = Seq064K.read(in, U16.CODEC).elements();
        return new RequestExtensions(requestId, requestedExtensions);
    }

    public void write(ByteBuf out) {
        U16.writeValue(out, requestId);
        new Seq064K<>(requestedExtensions).write(out, U16.CODEC);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U16.LENGTH + U16.LENGTH + U16.LENGTH * requestedExtensions.size();
    }

    @Override
    public MessageType messageType() {
        return MessageType.REQUEST_EXTENSIONS;
    }
}
