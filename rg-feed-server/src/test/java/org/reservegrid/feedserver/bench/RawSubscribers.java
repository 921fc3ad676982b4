package org.reservegrid.feedserver.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Many WebSocket subscribers on one thread and one selector, doing no more than a subscriber must to know it holds
 * a message: read the bytes and walk the frame headers. So the benchmark's clients cost a small fraction of what
 * the server spends, and the figure is the server's (and the loopback's), not the clients' decoders. Subscriber 0
 * also keeps the payload of the message it is asked to check, so the benchmark can verify the bytes are the frame
 * (inflating them when permessage-deflate was negotiated).
 */
final class RawSubscribers implements AutoCloseable {
    private static final int OPCODE_CONTINUATION = 0;
    private static final int OPCODE_TEXT = 1;

    private final Selector selector;
    private final List<Peer> peers = new ArrayList<>();
    private final Thread reader;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(4 * 1024 * 1024);
    /** Completed messages seen after {@link #expect}: one per peer per frame. */
    private final AtomicLong completed = new AtomicLong();

    private volatile long expectedAfter = Long.MAX_VALUE;
    private volatile long firstByteAt;
    private volatile long lastCompleteAt;
    private volatile boolean checkNext;
    private volatile byte[] checked = new byte[0];
    private volatile boolean running = true;

    private RawSubscribers(Selector selector) {
        this.selector = selector;
        this.reader = new Thread(this::readLoop, "raw-subscribers");
        this.reader.setDaemon(true);
    }

    /** Opens {@code count} subscribers with the WebSocket handshake, then starts reading. */
    static RawSubscribers connect(int port, String token, int count, boolean deflate) throws IOException {
        RawSubscribers subscribers = new RawSubscribers(Selector.open());
        for (int i = 0; i < count; i++) {
            subscribers.peers.add(subscribers.handshake(port, token, deflate, i));
        }
        subscribers.reader.start();
        return subscribers;
    }

    private Peer handshake(int port, String token, boolean deflate, int id) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nAuthorization: Bearer " + token + "\r\n"
                + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                + "\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        // Read the 101 byte by byte: whatever follows the blank line is already the first frame.
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("subscriber " + id + ": closed during the handshake: " + head);
            }
            head.write(one.get(0));
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("subscriber " + id + ": upgrade refused: "
                    + response.lines().findFirst().orElse(""));
        }
        boolean negotiated = response.toLowerCase(Locale.ROOT).contains("permessage-deflate");
        if (negotiated != deflate) {
            throw new IOException("subscriber " + id + ": permessage-deflate asked " + deflate + ", got " + negotiated);
        }
        channel.configureBlocking(false);
        Peer peer = new Peer(id, channel, negotiated);
        channel.register(selector, SelectionKey.OP_READ, peer);
        return peer;
    }

    /** Starts measuring the next message: completions before {@code startedNanos} are not counted. */
    void expect(long startedNanos, boolean check) {
        completed.set(0);
        firstByteAt = 0;
        lastCompleteAt = 0;
        checkNext = check;
        expectedAfter = startedNanos;
    }

    /** Waits until every subscriber completed a message after {@link #expect}; false on timeout. */
    boolean awaitAll(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (completed.get() < peers.size()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(0, 200_000);
        }
        return true;
    }

    long firstByteAt() {
        return firstByteAt;
    }

    long lastCompleteAt() {
        return lastCompleteAt;
    }

    /** Subscriber 0's last checked message as the application sees it (inflated if it was compressed). */
    byte[] checkedMessage() throws DataFormatException {
        byte[] payload = checked;
        if (!peers.getFirst().deflate) {
            return payload;
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(concat(payload, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 3);
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    int size() {
        return peers.size();
    }

    private void readLoop() {
        try {
            while (running) {
                selector.select(100);
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Peer peer = (Peer) key.attachment();
                    scratch.clear();
                    int read = peer.channel.read(scratch);
                    if (read < 0) {
                        key.cancel();
                        System.out.printf(Locale.ROOT, "subscriber %d: closed by the server%n", peer.id);
                        continue;
                    }
                    if (read > 0 && firstByteAt == 0 && System.nanoTime() > expectedAfter) {
                        firstByteAt = System.nanoTime();
                    }
                    scratch.flip();
                    peer.consume(scratch);
                }
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException("subscriber read failed", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Peer peer : peers) {
            peer.channel.close();
        }
        selector.close();
    }

    /** One connection's frame parser: header bytes are gathered, payload bytes only counted (or kept by peer 0). */
    private final class Peer {
        private final int id;
        private final SocketChannel channel;
        private final boolean deflate;
        private final byte[] header = new byte[14];
        private int headerHave;
        private long payloadLeft = -1;
        private boolean finalFrame;
        private boolean dataFrame;
        private ByteArrayOutputStream kept;

        Peer(int id, SocketChannel channel, boolean deflate) {
            this.id = id;
            this.channel = channel;
            this.deflate = deflate;
        }

        void consume(ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                if (payloadLeft < 0) {
                    header[headerHave++] = bytes.get();
                    int need = headerLength();
                    if (need > 0 && headerHave == need) {
                        startFrame();
                    }
                    continue;
                }
                int take = (int) Math.min(payloadLeft, bytes.remaining());
                if (kept != null) {
                    byte[] part = new byte[take];
                    bytes.get(part);
                    kept.write(part, 0, take);
                } else {
                    bytes.position(bytes.position() + take);
                }
                payloadLeft -= take;
                if (payloadLeft == 0) {
                    endFrame();
                }
            }
        }

        /** Bytes of this frame's header once enough is known, or 0 while the length byte is still missing. */
        private int headerLength() {
            if (headerHave < 2) {
                return 0;
            }
            int length = header[1] & 0x7f;
            return 2 + (length == 126 ? 2 : length == 127 ? 8 : 0);
        }

        private void startFrame() {
            int opcode = header[0] & 0x0f;
            finalFrame = (header[0] & 0x80) != 0;
            int length7 = header[1] & 0x7f;
            long length = length7;
            if (length7 == 126) {
                length = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
            } else if (length7 == 127) {
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = (length << 8) | (header[i] & 0xffL);
                }
            }
            boolean startsMessage = opcode == OPCODE_TEXT;
            dataFrame = startsMessage || (opcode == OPCODE_CONTINUATION && dataFrame);
            if (startsMessage) {
                kept = id == 0 && checkNext && System.nanoTime() > expectedAfter ? new ByteArrayOutputStream() : null;
            }
            headerHave = 0;
            payloadLeft = length;
            if (length == 0) {
                endFrame();
            }
        }

        private void endFrame() {
            payloadLeft = -1;
            if (!dataFrame || !finalFrame) {
                return;
            }
            long now = System.nanoTime();
            if (now > expectedAfter) {
                if (kept != null) {
                    checked = kept.toByteArray();
                    kept = null;
                }
                lastCompleteAt = Math.max(lastCompleteAt, now);
                completed.incrementAndGet();
            }
        }
    }
}
