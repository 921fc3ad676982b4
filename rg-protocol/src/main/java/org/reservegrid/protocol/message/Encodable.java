package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;

/** The codec vocabulary shared by messages and their parts; each also has a {@code static read(ByteBuf)}. */
public interface Encodable {
    void write(ByteBuf out);

    int encodedLength();
}
