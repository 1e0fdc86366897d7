package dev.adclick.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real {@code redis-server} process (the binary shipped in the embedded-redis artifact), bound to
 * loopback. Layer-1 dedupe keys are a short-lived cache, so nothing is persisted to disk.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final int port;
    private final Path workDir;
    private RedisServer server;

    /**
     * @param workDir directory for the server's working files
     * @param port    port on 127.0.0.1; 0 picks a free one
     */
    public EmbeddedRedis(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port == 0 ? FreePorts.pick() : port;
    }

    public synchronized EmbeddedRedis start() throws IOException {
        if (server != null) return this;
        Files.createDirectories(workDir);
        reclaimStaleServer();
        server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("dir " + workDir.toAbsolutePath())
                .setting("maxmemory 256mb")
                .setting("maxmemory-policy volatile-ttl")
                .onShutdownForceStop(true)
                .build();
        server.start();
        LOG.info("Redis listening on 127.0.0.1:{}", port);
        return this;
    }

    /**
     * A process killed with -9 leaves its redis-server child running on the port. If the server on
     * our port works in our directory, it is ours from that earlier run: shut it down. A server of
     * someone else is left alone (start then fails with a clear "port in use").
     */
    private void reclaimStaleServer() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write("CONFIG GET dir\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // reply: *2 $3 dir $N <path>
            for (int i = 0; i < 4; i++) in.readLine();
            String dir = in.readLine();
            if (dir != null && Path.of(dir).toAbsolutePath().normalize().equals(workDir.toAbsolutePath().normalize())) {
                LOG.warn("Shutting down a redis-server left on port {} by an earlier run that did not stop cleanly", port);
                out.write("SHUTDOWN NOSAVE\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                waitUntilPortFree();
            }
        } catch (IOException e) {
            // nothing listening: the normal case
        }
    }

    private void waitUntilPortFree() {
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                Thread.sleep(100);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return server != null && server.isActive();
    }

    /** Stops the server (a test can use this to simulate Redis going down); start() brings it back. */
    public synchronized void stop() {
        if (server == null) return;
        try {
            server.stop();
        } catch (IOException e) {
            LOG.warn("Redis on port {} did not stop cleanly: {}", port, e.getMessage());
        }
        server = null;
    }

    @Override
    public void close() {
        stop();
    }
}
