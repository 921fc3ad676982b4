package org.reservegrid.verifier.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.frame.VerifierFrames;
import org.reservegrid.protocol.message.VerifierMessage;

/** A blocking verifier-protocol client over a real socket (optionally TLS), for tests. */
public final class VerifierClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private VerifierClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static VerifierClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return new VerifierClient(socket);
    }

    public static VerifierClient connectTls(int port, SSLContext tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.startHandshake();
        return new VerifierClient(socket);
    }

    /** Writes one message as a frame; not flushed separately, so consecutive sends pipeline. */
    public void send(VerifierMessage message) throws IOException {
        ByteBuf frame = VerifierFrames.encode(ByteBufAllocator.DEFAULT, message);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            out.write(bytes);
        } finally {
            frame.release();
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Reads the next frame. */
    public VerifierMessage receive() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return VerifierFrames.decodeFrame(Unpooled.wrappedBuffer(frame));
    }

    /** True when the server has closed the connection (end of stream or reset). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    public @Nullable Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
