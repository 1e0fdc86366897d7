package dev.adclick.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adclick.cli.demo.SentLedger;
import dev.adclick.cli.demo.SentLedger.Kind;
import dev.adclick.cli.reconcile.ReconcileSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the dashboard's chaos panel shows, as JSON (served by the query server's admin extension
 * route {@code /api/v1/admin/ext/chaos}): per minute what the demo traffic sent (the generator's
 * {@link SentLedger}), what the query API counts for the demo's ads, what it counted once the
 * minute's hour was reconciled, and what is lost or doubled; the active fault and the fault log.
 *
 * <p>Lost = sure − counted, doubled = counted − sure − maybe (both at least 0): an event answered
 * across a minute boundary, or never answered, may fairly sit in any minute of its window. Counted
 * online is the last count read before the minute's hour was reconciled; after reconcile, the count
 * read since (the reconcile schedule, {@code reconcile.schedule}, must be on).
 *
 * <p>The document is rebuilt every {@link #REFRESH_SECONDS} s on the panel's own thread and
 * {@link #get()} hands out the latest: building it calls the query API, which must not happen on
 * the query server's own worker threads (they would wait on themselves).
 */
public final class ChaosPanel implements Supplier<String>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosPanel.class);
    static final int REFRESH_SECONDS = 2;
    /** Until the first document is built. */
    static final String STARTING = "{\"starting\":true,\"active\":null,\"faults\":[],\"minutes\":[],\"totals\":{}}";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Minutes shown (and read from the query API): the last hour. */
    static final int MINUTES = 60;
    static final String STORE_NOTE = "No store fault here: DuckDB lives in the demo's own process. The soak (bench/chaos) kills and pauses a ClickHouse store.";

    private final String queryUrl;
    private final String adminKey;
    private final SentLedger ledger;
    private final ChaosFaults faults;
    private final Supplier<ReconcileSchedule> schedule;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    /** Per minute: the last count read before its hour was reconciled. */
    private final Map<Long, long[]> online = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-chaos-panel");
        t.setDaemon(true);
        return t;
    });
    private volatile String latest = STARTING;

    public ChaosPanel(String queryUrl, String adminKey, SentLedger ledger, ChaosFaults faults, Supplier<ReconcileSchedule> schedule) {
        this.queryUrl = queryUrl;
        this.adminKey = adminKey;
        this.ledger = ledger;
        this.faults = faults;
        this.schedule = schedule;
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** The latest document (at most a refresh old). */
    @Override
    public String get() {
        return latest;
    }

    private void refresh() {
        try {
            latest = JSON.writeValueAsString(snapshot());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // e.g. the query API is busy: the panel keeps showing the last document
            LOG.debug("Chaos panel not refreshed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Builds the panel's document now. */
    synchronized ObjectNode snapshot() throws IOException, InterruptedException {
        TreeMap<Long, SentLedger.Minute> sent = ledger.minutes();
        long now = SentLedger.minute(System.currentTimeMillis());
        long from = Math.max(sent.isEmpty() ? now : sent.firstKey(), now - (MINUTES - 1) * 60_000L);
        Map<Long, long[]> counted = counted(ledger.adIds(), from, now + 60_000L);
        online.keySet().removeIf(m -> m < from); // only the minutes shown
        ReconcileSchedule s = schedule.get();
        Set<String> reconciledPeriods = s == null ? Set.of() : s.reconciledPeriods();

        ObjectNode doc = JSON.createObjectNode();
        ChaosFaults.Entry last = faults.log().isEmpty() ? null : faults.log().get(faults.log().size() - 1);
        if (last != null && last.recovered() == null) {
            doc.put("active", last.fault().description());
            doc.put("active_id", last.fault().id());
            doc.put("active_since", last.started().toString());
        } else {
            doc.putNull("active");
        }
        doc.put("store_note", STORE_NOTE);
        doc.put("reconcile_schedule", s != null);
        ArrayNode log = doc.putArray("faults");
        List<ChaosFaults.Entry> entries = faults.log();
        for (ChaosFaults.Entry e : entries.subList(Math.max(0, entries.size() - 20), entries.size())) { // the last 20
            ObjectNode f = log.addObject().put("id", e.fault().id()).put("description", e.fault().description())
                    .put("started", e.started().toString()).put("hold_ms", e.holdMillis());
            if (e.recovered() != null) f.put("recovered", e.recovered().toString()); else f.putNull("recovered");
        }
        ArrayNode rows = doc.putArray("minutes");
        long[] owed = new long[3];
        for (long m = from; m <= now; m += 60_000L) {
            SentLedger.Minute mine = sent.getOrDefault(m, new SentLedger.Minute(new long[3], new long[3]));
            long[] c = counted.getOrDefault(m, new long[3]);
            boolean reconciled = reconciledPeriods.contains(hourLabel(m)) || reconciledPeriods.contains(hourLabel(m).substring(0, 10));
            if (!reconciled) online.put(m, c);
            long[] onlineCount = online.getOrDefault(m, new long[3]);
            ObjectNode row = rows.addObject().put("minute", Instant.ofEpochMilli(m).toString());
            row.set("sent", counts(mine.sure()));
            row.set("maybe", counts(mine.maybe()));
            row.set("online", counts(onlineCount));
            if (reconciled) row.set("reconciled", counts(c)); else row.putNull("reconciled");
            long[] lost = new long[3], doubled = new long[3];
            for (int k = 0; k < 3; k++) {
                lost[k] = Math.max(0, mine.sure()[k] - c[k]);
                doubled[k] = Math.max(0, c[k] - mine.sure()[k] - mine.maybe()[k]);
            }
            row.set("lost", counts(lost));
            row.set("doubled", counts(doubled));
        }
        ObjectNode totals = doc.putObject("totals");
        for (Kind k : Kind.values()) {
            long sum = 0;
            for (long[] c : counted.values()) sum += c[k.ordinal()];
            totals.putObject(field(k)).put("owed", ledger.owed(k)).put("in_doubt", ledger.inDoubt(k)).put("counted", sum);
        }
        return doc;
    }

    private static ObjectNode counts(long[] c) {
        ObjectNode o = JSON.createObjectNode();
        for (Kind k : Kind.values()) o.put(field(k), c[k.ordinal()]);
        return o;
    }

    static String field(Kind k) {
        return switch (k) {
            case CLICK -> "clicks";
            case RENDERED -> "impressions";
            case SERVED -> "served_impressions";
        };
    }

    /** Per minute, summed over the ads: clicks (valid and suspicious), rendered impressions, served impressions. */
    private Map<Long, long[]> counted(Set<String> ads, long from, long to) throws IOException, InterruptedException {
        Map<Long, long[]> out = new HashMap<>();
        for (String ad : ads) {
            String path = "/api/v1/ads/" + URLEncoder.encode(ad, StandardCharsets.UTF_8) + "/clicks?granularity=minute&from="
                    + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(queryUrl + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
            for (JsonNode b : JSON.readTree(r.body()).path("buckets")) {
                long[] c = out.computeIfAbsent(Instant.parse(b.path("start").asText()).toEpochMilli(), x -> new long[3]);
                c[Kind.CLICK.ordinal()] += b.path("clicks").asLong() + b.path("suspicious_clicks").asLong();
                c[Kind.RENDERED.ordinal()] += b.path("impressions").asLong();
                c[Kind.SERVED.ordinal()] += b.path("served_impressions").asLong();
            }
        }
        return out;
    }

    static String hourLabel(long ms) {
        return Instant.ofEpochMilli(ms).toString().substring(0, 13);
    }
}
