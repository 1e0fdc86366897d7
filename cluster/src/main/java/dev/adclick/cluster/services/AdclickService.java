package dev.adclick.cluster.services;

import dev.adclick.cli.config.Settings;
import dev.adclick.cluster.process.JavaCommand;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Waits;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@code ./adclick ingest} or {@code ./adclick query} process, configured only through
 * {@code ADCLICK_*} environment variables, as in production.
 */
public final class AdclickService implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final NodeProcess process;
    private final int port;
    private final String readyPath;

    private AdclickService(NodeProcess process, int port, String readyPath) {
        this.process = process;
        this.port = port;
        this.readyPath = readyPath;
    }

    /**
     * Starts {@code ./adclick <command>} and waits until {@code readyPath} answers 200.
     *
     * @param cliClasspath {@code cli/target/classes:cli/target/lib/*}
     * @param env          the service's {@code ADCLICK_*} settings
     */
    public static AdclickService start(String name, String command, int port, String readyPath, Path dir, String cliClasspath,
                                       Map<String, String> env) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(env);
        all.put(Settings.DATA_DIR.envVar(), dir.toAbsolutePath().toString());
        // the directory in the command line lets stop.sh tell our processes from a reused pid
        NodeProcess p = NodeProcess.start(name, JavaCommand.of(cliClasspath, "dev.adclick.cli.Main").heap("256m")
                        .jvm("-Dadclick.node.dir=" + dir.toAbsolutePath()).args(command).build(),
                dir, dir.resolve(name + ".log"), all);
        AdclickService service = new AdclickService(p, port, readyPath);
        try {
            service.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            p.close();
            throw e;
        }
        return service;
    }

    /** Starts the service again after it died, with its data directory (a click service replays its spool from there), and waits until it answers. */
    public void restart() throws IOException, InterruptedException {
        process.restart();
        awaitReady();
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + readyPath)).timeout(Duration.ofSeconds(3)).build();
        Waits.until(process.name() + " to answer " + readyPath, START_TIMEOUT, process::checkAlive,
                () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public NodeProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
