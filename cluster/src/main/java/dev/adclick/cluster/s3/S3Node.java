package dev.adclick.cluster.s3;

import dev.adclick.cluster.process.JavaCommand;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.process.Waits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster's S3: S3Proxy (its {@code filesystem-nio2} backend, one directory per bucket) as its
 * own process, {@code java -jar s3proxy.jar} (its fat jar carries unshaded libraries, so it never
 * shares a classpath). Requests are signed (AWS v2 or v4) with the cluster's access key, as on a
 * real S3; clients use path-style addressing ({@code http://127.0.0.1:PORT/bucket/key}).
 */
public final class S3Node implements AutoCloseable {
    /** The aggregator's Parquet archive ({@code s3://adclick-archive/archive/dt=…/hour=…}). */
    public static final String ARCHIVE_BUCKET = "adclick-archive";
    /** Flink's checkpoints and savepoints. */
    public static final String CHECKPOINT_BUCKET = "adclick-checkpoints";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final NodeProcess process;
    private final int port;
    private final String accessKey;
    private final String secretKey;

    private S3Node(NodeProcess process, int port, String accessKey, String secretKey) {
        this.process = process;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts S3Proxy with empty {@link #ARCHIVE_BUCKET} and {@link #CHECKPOINT_BUCKET} and waits until it accepts connections. */
    public static S3Node start(Path s3proxyJar, Path baseDir, Ports ports, String accessKey, String secretKey) throws IOException, InterruptedException {
        if (!Files.isRegularFile(s3proxyJar)) throw new IOException(s3proxyJar + " is missing; build first: mvn -DskipTests install -pl cluster -am");
        Path dir = baseDir.resolve("s3");
        Path data = dir.resolve("data");
        for (String bucket : List.of(ARCHIVE_BUCKET, CHECKPOINT_BUCKET)) Files.createDirectories(data.resolve(bucket));
        int port = ports.next();
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data.toAbsolutePath()) + "\n");
        List<String> cmd = JavaCommand.ofJar(s3proxyJar).heap("192m").args("--properties", props.toString()).build();
        NodeProcess p = NodeProcess.start("s3proxy", cmd, dir, dir.resolve("s3proxy.log"), Map.of());
        S3Node node = new S3Node(p, port, accessKey, secretKey);
        try {
            Waits.until("S3Proxy on port " + port, START_TIMEOUT, p::checkAlive, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return true;
                }
            });
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
        return node;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public NodeProcess process() {
        return process;
    }

    /**
     * What Flink's {@code flink-s3-fs-hadoop} plugin reads from {@code config.yaml} (it hands every
     * {@code s3.*} key to Hadoop's S3A as {@code fs.s3a.*}).
     */
    public Map<String, String> flinkSettings() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("s3.endpoint", endpoint());
        m.put("s3.path.style.access", "true");
        m.put("s3.connection.ssl.enabled", "false");
        m.put("s3.access-key", accessKey);
        m.put("s3.secret-key", secretKey);
        return m;
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
