package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U16;

/**
 * Redirects the client to another upstream of the same pool (empty host and port 0 mean the present ones).
 *
 * <p>Wire layout (sv2-spec §3.6.5, server to client; type {@link MessageType#RECONNECT}): fields in this order, no
 * padding.
 *
 * @param newHost {@code new_host} (STR0_255)
 * @param newPort {@code new_port} (U16)
 */
public record Reconnect(Str0255 newHost, int newPort) implements ServerToClient {

    public Reconnect {
        Objects.requireNonNull(newHost, "new_host");
        U16.require(newPort, "new_port");
    }

    public Reconnect(String newHost, int newPort) {
        this(Str0255.of(newHost), newPort);
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static Reconnect read(ByteBuf in) {
        Str0255 newHost = Str0255.read(in);
        int newPort = U16.readValue(in);
        return new Reconnect(newHost, newPort);
    }

    public void write(ByteBuf out) {
        newHost.write(out);
        U16.writeValue(out, newPort);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return newHost.encodedLength() + U16.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.RECONNECT;
    }
}
