package dev.adclick.reconcile.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy ({@code filesystem-nio2} backend) in a child JVM: its fat jar's unshaded libraries clash
 * with Spark's, so it runs with {@code java -jar}. Buckets are directories under the data dir.
 */
public final class S3ProxyProcess implements AutoCloseable {
    public static final String ACCESS_KEY = "local-identity";
    public static final String SECRET_KEY = "local-credential";

    private final Process process;
    private final int port;

    private S3ProxyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts S3Proxy with the given buckets (empty) and waits until it accepts connections. */
    public static S3ProxyProcess start(Path workDir, String... buckets) throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found (system property s3proxy.jar=" + jar + "); run the tests through Maven");
        }
        Path data = Files.createDirectories(workDir.resolve("s3-data"));
        for (String b : buckets) Files.createDirectories(data.resolve(b));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path props = workDir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data.toAbsolutePath()) + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-jar", jar, "--properties", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("s3proxy.log").toFile())
                .start();
        S3ProxyProcess proxy = new S3ProxyProcess(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("S3Proxy exited, see " + workDir.resolve("s3proxy.log"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return proxy;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        proxy.close();
        throw new IllegalStateException("S3Proxy did not start within 30 s, see " + workDir.resolve("s3proxy.log"));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
