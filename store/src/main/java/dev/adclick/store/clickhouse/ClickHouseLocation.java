package dev.adclick.store.clickhouse;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a ClickHouse store lives, parsed from {@code http://host:8123/database?user=U&password=P}
 * (the part after {@code clickhouse:} in a store location).
 *
 * <p>Sharded mode: {@code ?cluster=NAME&shards=http://ch1:8123,http://ch2:8123} names a cluster of
 * the servers' {@code remote_servers} configuration and the HTTP endpoint of each of its shards.
 * The store then creates {@code ad_clicks_minute_local} on every shard and a {@code Distributed}
 * {@code ad_clicks_minute} on top (no {@code ON CLUSTER}, so no ZooKeeper), and the endpoint is
 * the server it inserts and reads through (see {@link ClickHouseClickStore}).
 *
 * @param endpoint       base URL of the HTTP interface, e.g. {@code http://127.0.0.1:8123/}
 * @param database       database holding the tables; created if missing
 * @param user           user name, or {@code null} for the server's default user
 * @param password       password, or {@code null}
 * @param requestTimeout bound on one HTTP request, from {@code timeout_ms} (default 60 s)
 * @param cluster        cluster name in the servers' {@code remote_servers}, or {@code null} for one server
 * @param shards         HTTP endpoints of the cluster's shards (one server each), empty without a cluster
 */
public record ClickHouseLocation(URI endpoint, String database, String user, String password, Duration requestTimeout,
                                 String cluster, List<URI> shards) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> PARAMETERS = Set.of("user", "password", "timeout_ms", "cluster", "shards");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ClickHouseLocation {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (database == null || !IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("ClickHouse database name must match " + IDENTIFIER + ", was '" + database + "'");
        }
        shards = shards == null ? List.of() : List.copyOf(shards);
        if (cluster != null && !IDENTIFIER.matcher(cluster).matches()) {
            throw new IllegalArgumentException("ClickHouse cluster name must match " + IDENTIFIER + ", was '" + cluster + "'");
        }
        if (cluster != null && shards.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse cluster '" + cluster + "' needs shards=http://host:port,… (the HTTP endpoint of every shard, where the tables are created)");
        }
        if (cluster == null && !shards.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse shards=… needs cluster=NAME (the cluster in the servers' remote_servers)");
        }
    }

    /** A location on one server (no cluster). */
    public ClickHouseLocation(URI endpoint, String database, String user, String password, Duration requestTimeout) {
        this(endpoint, database, user, password, requestTimeout, null, List.of());
    }

    /** Whether the tables are sharded over a cluster behind a {@code Distributed} table. */
    public boolean sharded() {
        return cluster != null;
    }

    /** The same database and credentials on another server, without a cluster (for per-shard DDL). */
    public ClickHouseLocation onServer(URI server) {
        return new ClickHouseLocation(server, database, user, password, requestTimeout);
    }

    /**
     * Parses {@code http(s)://host:port/database[?user=&password=&timeout_ms=&cluster=&shards=]};
     * database defaults to {@code default}.
     */
    public static ClickHouseLocation parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad ClickHouse URL '" + url + "': " + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("ClickHouse URL must look like http://host:8123/database, was '" + url + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        Map<String, String> params = queryParameters(uri.getRawQuery());
        for (String key : params.keySet()) {
            if (!PARAMETERS.contains(key)) throw new IllegalArgumentException("unknown ClickHouse location parameter '" + key + "'; known: " + PARAMETERS);
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (params.containsKey("timeout_ms")) {
            long ms = Long.parseLong(params.get("timeout_ms"));
            if (ms < 1) throw new IllegalArgumentException("timeout_ms must be >= 1, was " + ms);
            timeout = Duration.ofMillis(ms);
        }
        URI endpoint = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
        List<URI> shards = new ArrayList<>();
        if (params.containsKey("shards")) {
            for (String s : params.get("shards").split(",")) {
                if (!s.isBlank()) shards.add(serverUri(s.trim()));
            }
        }
        String cluster = params.get("cluster");
        return new ClickHouseLocation(endpoint, path.isEmpty() ? "default" : path, params.get("user"), params.get("password"), timeout,
                cluster == null || cluster.isEmpty() ? null : cluster, shards);
    }

    private static URI serverUri(String s) {
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad ClickHouse shard URL '" + s + "': " + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("ClickHouse shard must look like http://host:8123, was '" + s + "'");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    /** The location without its password, for messages and logs. */
    @Override
    public String toString() {
        String params = (user == null ? "" : "&user=" + user) + (cluster == null ? "" : "&cluster=" + cluster + "&shards="
                + String.join(",", shards.stream().map(u -> u.toString().replaceAll("/$", "")).toList()));
        return endpoint + database + (params.isEmpty() ? "" : "?" + params.substring(1));
    }
}
