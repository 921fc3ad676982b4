package org.reservegrid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports, for a server that must be started on a port its client knows in advance (a child process, a
 * server started after its client). Prefer port 0 and asking the server whenever that is possible.
 */
public final class FreePorts {
    private FreePorts() {}

    /** A loopback port that was free a moment ago. */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
