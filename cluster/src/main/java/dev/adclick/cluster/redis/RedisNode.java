package dev.adclick.cluster.redis;

import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.process.Waits;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code redis-server} process for layer-1 dedupe: Debian's binary if installed, else the
 * linux-amd64 one shipped in the embedded-redis artifact (Redis 6.2, needs {@code libssl.so.3}).
 * Nothing is persisted: the keys live five minutes.
 */
public final class RedisNode implements AutoCloseable {
    private static final String BUNDLED = "/redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final NodeProcess process;

    private RedisNode(int port, NodeProcess process) {
        this.port = port;
        this.process = process;
    }

    public static RedisNode start(Path baseDir, Ports ports) throws IOException, InterruptedException {
        Path dir = baseDir.resolve("redis").toAbsolutePath();
        Files.createDirectories(dir);
        int port = ports.next();
        List<String> cmd = List.of(binary(dir), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--maxmemory", "256mb", "--maxmemory-policy", "volatile-ttl");
        RedisNode node = new RedisNode(port, NodeProcess.start("redis", cmd, dir, dir.resolve("redis.log"), Map.of()));
        try {
            node.awaitPing();
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Starts redis-server again on the same port after it died (empty: nothing is persisted) and waits for its PING. */
    public void restart() throws IOException, InterruptedException {
        process.restart();
        awaitPing();
    }

    private void awaitPing() throws InterruptedException {
        Waits.until("redis-server to answer PING", Duration.ofSeconds(30), process::checkAlive, this::ping);
    }

    public int port() {
        return port;
    }

    private static String binary(Path dir) throws IOException {
        if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) return "/usr/bin/redis-server";
        Path target = dir.resolve("redis-server");
        try (InputStream in = RedisNode.class.getResourceAsStream(BUNDLED)) {
            if (in == null) throw new IllegalStateException("no redis-server: install Debian's redis-server or put embedded-redis on the classpath");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!target.toFile().setExecutable(true)) throw new IOException("cannot make " + target + " executable");
        return target.toString();
    }

    private boolean ping() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = s.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public NodeProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
