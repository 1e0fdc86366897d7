package dev.adclick.cluster.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free loopback ports, never the same one twice from one instance (a cluster asks for dozens). */
public final class Ports {
    private final Set<Integer> handedOut = new HashSet<>();

    public synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (handedOut.add(s.getLocalPort())) return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on loopback", e);
            }
        }
        throw new IllegalStateException("no new free port on loopback after 100 attempts");
    }
}
