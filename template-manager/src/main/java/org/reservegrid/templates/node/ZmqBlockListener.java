package org.reservegrid.templates.node;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Subscribes to the node's ZMQ {@code hashblock} notifications ({@code -zmqpubhashblock}) and calls back on each,
 * so a new block is fetched at once rather than at the next poll. ZMQ only speeds things up: polling and long
 * polling keep working without it, and the socket reconnects by itself when the node restarts.
 *
 * <p>Messages are {@code [topic "hashblock", 32-byte hash, 4-byte sequence]}; only the topic is used.
 */
public final class ZmqBlockListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZmqBlockListener.class);
    private static final byte[] TOPIC = "hashblock".getBytes(StandardCharsets.US_ASCII);
    private static final int RECEIVE_TIMEOUT_MILLIS = 250;

    private final @Nullable String endpoint;
    private final Runnable onBlock;
    private final Runnable onError;
    private volatile boolean running;
    private @Nullable Thread thread;

    /**
     * @param endpoint e.g. {@code tcp://127.0.0.1:28332}; null disables the listener
     * @param onError called once per subscription failure (the service counts it as {@code zmq_error})
     */
    public ZmqBlockListener(@Nullable String endpoint, Runnable onBlock, Runnable onError) {
        this.endpoint = endpoint;
        this.onBlock = onBlock;
        this.onError = onError;
    }

    public void start() {
        if (endpoint == null) {
            return;
        }
        running = true;
        Thread listener = new Thread(this::run, "zmq-hashblock");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    private void run() {
        String address = java.util.Objects.requireNonNull(endpoint);
        Backoff backoff = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(5));
        while (running) {
            try (ZContext context = new ZContext()) {
                ZMQ.Socket socket = context.createSocket(SocketType.SUB);
                socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
                socket.setReconnectIVL(250);
                socket.setReconnectIVLMax(5_000);
                socket.setLinger(0);
                socket.subscribe(TOPIC);
                socket.connect(address);
                log.info("subscribed to hashblock notifications at {}", endpoint);
                backoff.reset();
                while (running) {
                    byte[] topic = socket.recv();
                    if (topic == null) {
                        continue;
                    }
                    while (socket.hasReceiveMore()) {
                        socket.recv();
                    }
                    if (Arrays.equals(topic, TOPIC)) {
                        onBlock.run();
                    }
                }
            } catch (RuntimeException e) {
                // Any failure of the subscription, not only ZMQException, must not end the listener thread.
                if (!running) {
                    return;
                }
                onError.run();
                log.warn("ZMQ subscription to {} failed: {}; retrying", endpoint, e.getMessage());
                try {
                    Thread.sleep(backoff.next().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            try {
                listener.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
