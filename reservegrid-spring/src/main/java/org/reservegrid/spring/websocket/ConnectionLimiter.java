package org.reservegrid.spring.websocket;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts open WebSocket sessions per remote address and in total, and refuses new ones beyond the limits.
 * Thread-safe; a granted {@link Lease} must be released when its session ends (a second release does nothing).
 * rg-demo-feed closes refused sessions after the upgrade; rg-feed-server refuses them before it
 * ({@link ConnectionLimitFilter}).
 */
public final class ConnectionLimiter {
    private final int maxPerAddress;
    private final int maxTotal;
    private final Map<String, Integer> openByAddress = new HashMap<>();
    private int openTotal;

    public ConnectionLimiter(int maxPerAddress, int maxTotal) {
        if (maxPerAddress < 1 || maxTotal < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.maxPerAddress = maxPerAddress;
        this.maxTotal = maxTotal;
    }

    /** Why a connection was refused. */
    public enum Refusal {
        PER_ADDRESS,
        TOTAL
    }

    /** The outcome of {@link #tryAcquire}. */
    public sealed interface Admission {}

    /** The session may proceed and must release the lease when it ends. */
    public record Granted(Lease lease) implements Admission {}

    /** The session must be closed at once. */
    public record Refused(Refusal refusal) implements Admission {}

    /** A slot held by one session. */
    public final class Lease {
        private final String address;
        private boolean released;

        private Lease(String address) {
            this.address = address;
        }

        public void release() {
            synchronized (ConnectionLimiter.this) {
                if (released) {
                    return;
                }
                released = true;
                openTotal--;
                openByAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
            }
        }
    }

    public synchronized Admission tryAcquire(String address) {
        int fromAddress = openByAddress.getOrDefault(address, 0);
        if (fromAddress >= maxPerAddress) {
            return new Refused(Refusal.PER_ADDRESS);
        }
        if (openTotal >= maxTotal) {
            return new Refused(Refusal.TOTAL);
        }
        openByAddress.put(address, fromAddress + 1);
        openTotal++;
        return new Granted(new Lease(address));
    }

    public synchronized int open() {
        return openTotal;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    public int maxTotal() {
        return maxTotal;
    }
}
