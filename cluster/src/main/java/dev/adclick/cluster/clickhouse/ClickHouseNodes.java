package dev.adclick.cluster.clickhouse;

import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.embedded.ClickHouseServerCommand;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.process.Waits;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * ClickHouse servers, one per shard, that all know the cluster {@value #CLUSTER} of these shards
 * in their {@code remote_servers}, so a {@code Distributed} table on any of them reaches all
 * (see the store's sharded mode). No ZooKeeper: the store runs its DDL on each server. Needs
 * Debian's {@code clickhouse-server} (18.16); {@code ADCLICK_CLICKHOUSE_SERVER} points at another
 * binary.
 */
public final class ClickHouseNodes implements AutoCloseable {
    public static final String CLUSTER = "adclick";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final List<NodeProcess> servers = new ArrayList<>();
    private final List<Integer> httpPorts = new ArrayList<>();

    private ClickHouseNodes() {}

    public static ClickHouseNodes start(int shards, Path baseDir, Ports ports) throws IOException, InterruptedException {
        List<String> binary = ClickHouseServerCommand.command();
        int[][] p = new int[shards][3];
        for (int[] server : p) for (int j = 0; j < 3; j++) server[j] = ports.next();
        String remoteServers = "<remote_servers><" + CLUSTER + ">"
                + java.util.Arrays.stream(p).map(s -> "<shard><replica><host>127.0.0.1</host><port>" + s[1] + "</port></replica></shard>")
                .collect(Collectors.joining())
                + "</" + CLUSTER + "></remote_servers>";
        ClickHouseNodes nodes = new ClickHouseNodes();
        try {
            for (int i = 0; i < shards; i++) {
                Path dir = baseDir.resolve("clickhouse-" + (i + 1)).toAbsolutePath();
                Path config = ClickHouseServerCommand.write(dir, p[i][0], p[i][1], p[i][2], "UTC", remoteServers, "");
                List<String> cmd = new ArrayList<>(binary);
                cmd.add("--config-file=" + config);
                nodes.servers.add(NodeProcess.start("clickhouse-" + (i + 1), cmd, dir, dir.resolve("log/stdout.log"), Map.of()));
                nodes.httpPorts.add(p[i][0]);
            }
            for (int i = 0; i < shards; i++) nodes.awaitPing(i);
        } catch (IOException | RuntimeException | InterruptedException e) {
            nodes.close();
            throw e;
        }
        return nodes;
    }

    private void awaitPing(int shard) throws InterruptedException {
        NodeProcess server = servers.get(shard);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(httpUrl(shard) + "/ping")).timeout(Duration.ofSeconds(2)).build();
        Waits.until(server.name() + " to answer /ping", START_TIMEOUT, server::checkAlive,
                () -> http.send(ping, HttpResponse.BodyHandlers.ofString()).body().startsWith("Ok."));
    }

    /** Starts shard {@code shard} (0-based) again after it died, on its data directory, and waits for its /ping. */
    public void restart(int shard) throws IOException, InterruptedException {
        servers.get(shard).restart();
        awaitPing(shard);
    }

    public String httpUrl(int shard) {
        return "http://127.0.0.1:" + httpPorts.get(shard);
    }

    /**
     * The store location of the sharded table in {@code database}: inserts and reads through the
     * first server's {@code Distributed} table, DDL on every shard.
     */
    public String storeLocation(String database) {
        String shards = java.util.stream.IntStream.range(0, httpPorts.size()).mapToObj(this::httpUrl).collect(Collectors.joining(","));
        return "clickhouse:" + httpUrl(0) + "/" + database + "?cluster=" + CLUSTER + "&shards=" + shards;
    }

    public List<NodeProcess> servers() {
        return List.copyOf(servers);
    }

    @Override
    public void close() {
        servers.forEach(NodeProcess::close);
    }
}
