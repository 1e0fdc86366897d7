package dev.adclick.store.clickhouse;

import dev.adclick.embedded.ClickHouseServerCommand;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, throwaway ClickHouse server for tests: free ports, 127.0.0.1 only, data, temp files and
 * logs in its own temp directory, killed (and the directory deleted) by {@link #close()}.
 *
 * <p>Needs Debian's {@code clickhouse-server} package ({@code apt-get install -y clickhouse-server
 * tzdata}); a missing binary is an error, not a skip. The binary can be pointed at with the system
 * property {@code adclick.clickhouse.server} or the environment variable
 * {@code ADCLICK_CLICKHOUSE_SERVER}. The server runs in a non-UTC {@code timezone} on purpose, so
 * every test proves the store does not lean on the server's zone.
 */
public final class ClickHouseServerProcess implements AutoCloseable {
    /** A zone with a half-hour offset: UTC midnight is 05:30 local, a different local day boundary. */
    public static final String SERVER_TIMEZONE = "Asia/Kolkata";
    public static final String USER = "adclick";
    public static final String PASSWORD = "s3cret &=?";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int httpPort;
    private final int tcpPort;
    private final List<String> command;
    private volatile Process process;
    private final Thread shutdownHook;

    private ClickHouseServerProcess(Path dir, int httpPort, int tcpPort, List<String> command) throws IOException {
        this.dir = dir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.command = List.copyOf(command);
        this.process = launch();
        this.shutdownHook = new Thread(() -> process.destroyForcibly(), "clickhouse-test-server-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private Process launch() throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/stdout.log").toFile())).start();
    }

    /** Starts a server and waits until {@code /ping} answers {@code Ok.}. */
    public static ClickHouseServerProcess start() throws IOException, InterruptedException {
        int[] ports = freePorts(3);
        return start(ports[0], ports[1], ports[2], "");
    }

    /**
     * Starts {@code n} servers that each know a cluster {@code cluster} of {@code n} shards (one
     * server per shard, in the order returned) in their {@code remote_servers}, for a
     * {@code Distributed} table over them. No ZooKeeper: DDL has to go to each server.
     */
    public static List<ClickHouseServerProcess> startShards(String cluster, int n) throws IOException, InterruptedException {
        int[] ports = freePorts(3 * n);
        StringBuilder shards = new StringBuilder();
        for (int i = 0; i < n; i++) {
            shards.append("<shard><replica><host>127.0.0.1</host><port>").append(ports[3 * i + 1]).append("</port></replica></shard>");
        }
        String remoteServers = "<remote_servers><" + cluster + ">" + shards + "</" + cluster + "></remote_servers>";
        List<ClickHouseServerProcess> servers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) servers.add(start(ports[3 * i], ports[3 * i + 1], ports[3 * i + 2], remoteServers));
        } catch (IOException | RuntimeException | InterruptedException e) {
            servers.forEach(ClickHouseServerProcess::close);
            throw e;
        }
        return servers;
    }

    private static ClickHouseServerProcess start(int http, int tcp, int interserver, String extraConfig) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(ClickHouseServerCommand.command());
        Path dir = Files.createTempDirectory("clickhouse-test-");
        Path config = ClickHouseServerCommand.write(dir, http, tcp, interserver, SERVER_TIMEZONE, extraConfig,
                ClickHouseServerCommand.user(USER, PASSWORD));
        cmd.add("--config-file=" + config);
        ClickHouseServerProcess server = new ClickHouseServerProcess(dir, http, tcp, cmd);
        try {
            server.awaitPing();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Base URL of the HTTP interface, e.g. {@code http://127.0.0.1:41234}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Port of the native protocol, which a {@code Distributed} table uses to reach its shards. */
    public int tcpPort() {
        return tcpPort;
    }

    /** Kills the server at once (SIGKILL), as a crash would; {@link #close()} still cleans up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Starts the server again on the same ports and data directory after {@link #kill()}, as an
     * operator restarting a crashed server would; returns once it answers {@code /ping}.
     */
    public void restart() throws IOException, InterruptedException {
        if (process.isAlive()) throw new IllegalStateException("the ClickHouse server is still running");
        process = launch();
        awaitPing();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down; the hook kills the server
        }
        deleteQuietly(dir);
    }

    private void awaitPing() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(httpUrl() + "/ping")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ClickHouse server exited with code " + process.exitValue() + " while starting:\n" + logTail());
            }
            try {
                HttpResponse<String> r = client.send(ping, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().startsWith("Ok.")) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("ClickHouse server did not answer /ping within " + STARTUP_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("log/stdout.log", "log/error.log")) {
            Path f = dir.resolve(name);
            try {
                if (!Files.exists(f)) continue;
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                b.append("--- ").append(name).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("(cannot read ").append(f).append(")\n");
            }
        }
        return b.toString();
    }

    private static int[] freePorts(int n) throws IOException {
        // hold all sockets open while picking, so the ports are distinct
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) if (s != null) s.close();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
