package dev.adclick.query;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Settings of the query server; built with {@link #builder()}, checked before start. */
public final class QueryOptions {
    private final String host;
    private final int port;
    private final String adminKey;
    private final int maxRangeDays;
    private final int maxBuckets;
    private final int maxBreakdownRows;
    private final List<String> ingestMetricsUrls;
    private final Duration catalogReloadInterval;
    private final Duration statusMaxAge;
    private final Duration scrapeTimeout;
    private final int storeThreads;
    private final Path reconcileReportsDir;

    private QueryOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.adminKey = b.adminKey;
        this.maxRangeDays = b.maxRangeDays;
        this.maxBuckets = b.maxBuckets;
        this.maxBreakdownRows = b.maxBreakdownRows;
        this.ingestMetricsUrls = List.copyOf(b.ingestMetricsUrls);
        this.catalogReloadInterval = b.catalogReloadInterval;
        this.statusMaxAge = b.statusMaxAge;
        this.scrapeTimeout = b.scrapeTimeout;
        this.storeThreads = b.storeThreads;
        this.reconcileReportsDir = b.reconcileReportsDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where reconciliation keeps its reports ({@code latest.json}); null: none to show. */
    public Path reconcileReportsDir() { return reconcileReportsDir; }

    /** Interface to bind, default 127.0.0.1. */
    public String host() { return host; }
    /** Port to bind, default 8081; 0 picks a free port (see {@link QueryServer#port()}). */
    public int port() { return port; }
    /** The admin key, or null when there is no admin. */
    public String adminKey() { return adminKey; }
    /** Longest accepted query range in days, default 31. */
    public int maxRangeDays() { return maxRangeDays; }
    /** Most buckets one series answer may hold, default 50,000. */
    public int maxBuckets() { return maxBuckets; }
    /** Most rows one breakdown answer may hold, default 1,000 (countries are ~250; placements are free text). */
    public int maxBreakdownRows() { return maxBreakdownRows; }
    /** Prometheus {@code /metrics} URLs of the ingest instances, possibly empty. */
    public List<String> ingestMetricsUrls() { return ingestMetricsUrls; }
    /** How often the catalogue file is checked for changes, default 2 s. */
    public Duration catalogReloadInterval() { return catalogReloadInterval; }
    /** Writers whose last status report is older than this (relative to the newest) are ignored, default 60 s. */
    public Duration statusMaxAge() { return statusMaxAge; }
    /** How long one ingest scrape may take before that instance counts as unavailable, default 1 s. */
    public Duration scrapeTimeout() { return scrapeTimeout; }
    /** Worker threads that run the blocking store calls, default 8. */
    public int storeThreads() { return storeThreads; }

    /** Builder of {@link QueryOptions}; {@link #build()} rejects bad values, naming the bound. */
    public static final class Builder {
        private String host = QuerySettings.HOST.defaultParsed();
        private int port = QuerySettings.PORT.defaultParsed();
        private String adminKey;
        private int maxRangeDays = 31;
        private int maxBuckets = 50_000;
        private int maxBreakdownRows = 1_000;
        private List<String> ingestMetricsUrls = List.of();
        private Duration catalogReloadInterval = Duration.ofSeconds(2);
        private Duration statusMaxAge = Duration.ofSeconds(60);
        private Duration scrapeTimeout = Duration.ofSeconds(1);
        private int storeThreads = 8;
        private Path reconcileReportsDir;

        private Builder() {}

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        /** Null or empty means no admin key: only advertiser keys are accepted. */
        public Builder adminKey(String adminKey) { this.adminKey = adminKey; return this; }
        public Builder maxRangeDays(int days) { this.maxRangeDays = days; return this; }
        public Builder maxBuckets(int buckets) { this.maxBuckets = buckets; return this; }
        public Builder maxBreakdownRows(int rows) { this.maxBreakdownRows = rows; return this; }
        public Builder ingestMetricsUrls(List<String> urls) { this.ingestMetricsUrls = urls; return this; }
        public Builder catalogReloadInterval(Duration d) { this.catalogReloadInterval = d; return this; }
        public Builder statusMaxAge(Duration d) { this.statusMaxAge = d; return this; }
        public Builder scrapeTimeout(Duration d) { this.scrapeTimeout = d; return this; }
        public Builder storeThreads(int n) { this.storeThreads = n; return this; }
        public Builder reconcileReportsDir(Path dir) { this.reconcileReportsDir = dir; return this; }

        public QueryOptions build() {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(ingestMetricsUrls, "ingestMetricsUrls");
            Objects.requireNonNull(catalogReloadInterval, "catalogReloadInterval");
            Objects.requireNonNull(statusMaxAge, "statusMaxAge");
            Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
            if (maxRangeDays < 1) throw new IllegalArgumentException("maxRangeDays must be >= 1, was " + maxRangeDays);
            if (maxBuckets < 1) throw new IllegalArgumentException("maxBuckets must be >= 1, was " + maxBuckets);
            if (maxBreakdownRows < 1) throw new IllegalArgumentException("maxBreakdownRows must be >= 1, was " + maxBreakdownRows);
            if (storeThreads < 1) throw new IllegalArgumentException("storeThreads must be >= 1, was " + storeThreads);
            if (catalogReloadInterval.toMillis() < 1) throw new IllegalArgumentException("catalogReloadInterval must be >= 1 ms");
            if (scrapeTimeout.toMillis() < 1) throw new IllegalArgumentException("scrapeTimeout must be >= 1 ms");
            for (String url : ingestMetricsUrls) checkHttpUrl(url);
            if (adminKey != null && adminKey.isEmpty()) adminKey = null;
            return new QueryOptions(this);
        }

        private static void checkHttpUrl(String url) {
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(url, "ingest metrics URL"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ingest metrics URL is not a URL: " + url);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("ingest metrics URL must be http(s)://host:port/path, was " + url);
            }
        }
    }
}
