package dev.adclick.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adclick.cli.demo.SentLedger;
import dev.adclick.cli.demo.SentLedger.Kind;
import dev.adclick.cli.reconcile.ReconcileSchedule;

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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 */
public final class ChaosPanel implements Supplier<String> {
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

    public ChaosPanel(String queryUrl, String adminKey, SentLedger ledger, ChaosFaults faults, Supplier<ReconcileSchedule> schedule) {
        this.queryUrl = queryUrl;
        this.adminKey = adminKey;
        this.ledger = ledger;
        this.faults = faults;
        this.schedule = schedule;
    }

    @Override
    public synchronized String get() {
        try {
            return JSON.writeValueAsString(snapshot());
        } catch (Exception e) {
            throw new IllegalStateException("chaos panel: " + e.getMessage(), e);
        }
    }

    /** The panel's document (also what the chaos test checks). */
    public synchronized ObjectNode snapshot() throws IOException, InterruptedException {
        TreeMap<Long, SentLedger.Minute> sent = ledger.minutes();
        long now = SentLedger.minute(System.currentTimeMillis());
        long from = Math.max(sent.isEmpty() ? now : sent.firstKey(), now - (MINUTES - 1) * 60_000L);
        Map<Long, long[]> counted = counted(ledger.adIds(), from, now + 60_000L);
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
        for (ChaosFaults.Entry e : faults.log()) {
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
