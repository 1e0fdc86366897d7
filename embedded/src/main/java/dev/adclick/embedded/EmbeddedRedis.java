package dev.adclick.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
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
