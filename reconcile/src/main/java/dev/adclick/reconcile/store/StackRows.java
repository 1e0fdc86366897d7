package dev.adclick.reconcile.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.reach.HourReach;
import dev.adclick.store.MinuteRows;
import dev.adclick.store.PeriodSeal;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link MinuteRows} that goes through a running adclick stack over HTTP, for when the stack
 * process owns the DuckDB file (docs/architecture.md, Two ways to run). Location: {@code adclick+http://host:port}.
 *
 * <p>Uses the query server's admin endpoints, with {@code Authorization: Bearer <admin key>}:
 * <ul>
 *   <li>{@code GET /api/v1/admin/rows?from=ISO&to=ISO} →
 *       {@code {"rows":[{"ad_id","minute":ISO,"placement","country","device",<every count column>,"version"}]}},
 *       the dimension fields named by {@link Dimension#field()}, {@code "*"} in a total row ({@link Dimensions#TOTAL})</li>
 *   <li>{@code POST /api/v1/admin/rows} with {@code {"rows":[…same shape…]}} → {@code {"written":N}}; the
 *       server writes one POST atomically, so a POST never splits an (ad, minute): {@link KeyBatches}</li>
 *   <li>{@code GET /api/v1/admin/reach?from=ISO&to=ISO} →
 *       {@code {"rows":[{"ad_id","hour":ISO,"sketch":base64,"version"}]}}, and {@code POST} of the same shape</li>
 *   <li>{@code GET /api/v1/admin/seals?from=ISO&to=ISO} → {@code {"rows":[{"from":ISO,"to":ISO,"version"}]}}, and
 *       {@code POST} of the same shape: the sealed periods ({@link #seal})</li>
 *   <li>{@code GET /api/v1/freshness} → {@code {"watermark":ISO,"lag_ms":N}} for {@link #status}</li>
 * </ul>
 * Writes keep the store's contract (a row replaces the stored one only with a higher version), so
 * retrying a batch is harmless: delivery is at-least-once per batch, idempotent overall.
 * It is a {@link MinuteRows}, not a full {@code ClickStore}: reconciliation needs rows, upserts
 * and status only; queries go to the query API itself.
 */
public final class StackRows implements MinuteRows {
    /** Location prefix. */
    public static final String SCHEME = "adclick+http://";
    /** Rows per POST (more only when one (ad, minute) alone has more rows). */
    static final int BATCH = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEALS = "/api/v1/admin/seals", SEAL_FROM = "from", SEAL_TO = "to";

    private final URI base;
    private final String adminKey;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param base     e.g. {@code http://127.0.0.1:8081}
     * @param adminKey the stack's admin key, not null or blank
     */
    public StackRows(URI base, String adminKey, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        if (adminKey == null || adminKey.isBlank()) {
            throw new IllegalArgumentException("the stack store needs the admin key: set ADCLICK_ADMIN_KEY or pass --admin-key");
        }
        this.adminKey = adminKey;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Opens {@code adclick+http://host:port}. */
    public static StackRows open(String location, String adminKey) {
        if (!location.startsWith(SCHEME)) throw new IllegalArgumentException("not a stack location: " + location);
        String rest = location.substring(SCHEME.length());
        if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
        return new StackRows(URI.create("http://" + rest), adminKey, Duration.ofMinutes(5));
    }

    @Override
    public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        String q = "/api/v1/admin/rows?from=" + enc(Instant.ofEpochMilli(from)) + "&to=" + enc(Instant.ofEpochMilli(to));
        JsonNode body = send(HttpRequest.newBuilder(base.resolve(q)).GET(), "read rows");
        List<MinuteCount> out = new ArrayList<>();
        for (JsonNode r : body.path("rows")) {
            out.add(new MinuteCount(r.path(CountKey.AD_ID).asText(), Instant.parse(r.path(CountKey.MINUTE).asText()).toEpochMilli(),
                    dimensionsOf(r), Counts.of(c -> r.path(c.column()).asLong()), r.path("version").asLong()));
        }
        return out;
    }

    /**
     * The row's dimensions. A stack that sends none predates breakdown rows: writing breakdown rows
     * to it would overwrite its total rows (its key is ad and minute only), so it is refused here,
     * before anything is written.
     */
    private Dimensions dimensionsOf(JsonNode row) {
        String[] v = new String[Dimension.values().length];
        for (Dimension d : Dimension.values()) {
            JsonNode f = row.get(d.field());
            if (f == null || !f.isTextual()) {
                throw new IllegalStateException("the stack at " + base + " sent admin rows without \"" + d.field() + "\": it predates"
                        + " breakdown rows (" + Dimension.accepted() + "); reconcile through a stack of this version");
            }
            v[d.ordinal()] = f.asText();
        }
        return new Dimensions(v[Dimension.PLACEMENT.ordinal()], v[Dimension.COUNTRY.ordinal()], v[Dimension.DEVICE.ordinal()]);
    }

    @Override
    public void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException {
        for (List<MinuteCount> batch : KeyBatches.of(new ArrayList<>(rows), BATCH)) {
            ObjectNode req = JSON.createObjectNode();
            ArrayNode arr = req.putArray("rows");
            for (MinuteCount m : batch) {
                ObjectNode row = arr.addObject().put(CountKey.AD_ID, m.adId()).put(CountKey.MINUTE, m.minuteStart().toString());
                for (Dimension d : Dimension.values()) row.put(d.field(), m.dims().get(d));
                for (CountColumn c : CountColumn.ALL) row.put(c.column(), m.counts().get(c));
                row.put("version", m.version());
            }
            post("/api/v1/admin/rows", req, "write " + batch.size() + " rows");
        }
    }

    @Override
    public List<HourReach> reachRows(long from, long to) throws StoreUnavailableException {
        String q = "/api/v1/admin/reach?from=" + enc(Instant.ofEpochMilli(from)) + "&to=" + enc(Instant.ofEpochMilli(to));
        JsonNode body = send(HttpRequest.newBuilder(base.resolve(q)).GET(), "read reach rows");
        List<HourReach> out = new ArrayList<>();
        for (JsonNode r : body.path("rows")) {
            out.add(new HourReach(r.path(HourReach.AD_ID).asText(), Instant.parse(r.path(HourReach.HOUR).asText()).toEpochMilli(),
                    Base64.getDecoder().decode(r.path(HourReach.SKETCH).asText()), r.path(HourReach.VERSION).asLong()));
        }
        return out;
    }

    @Override
    public void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException {
        List<HourReach> all = new ArrayList<>(rows);
        for (int i = 0; i < all.size(); i += BATCH) {
            List<HourReach> batch = all.subList(i, Math.min(all.size(), i + BATCH));
            ObjectNode req = JSON.createObjectNode();
            ArrayNode arr = req.putArray("rows");
            for (HourReach r : batch) {
                arr.addObject().put(HourReach.AD_ID, r.adId()).put(HourReach.HOUR, Instant.ofEpochMilli(r.hour()).toString())
                        .put(HourReach.SKETCH, Base64.getEncoder().encodeToString(r.sketch())).put(HourReach.VERSION, r.version());
            }
            post("/api/v1/admin/reach", req, "write " + batch.size() + " reach rows");
        }
    }

    /**
     * The rows and reach rows as {@link #upsert} and {@link #upsertReach} send them, then the seal
     * ({@code POST /api/v1/admin/seals}): through the stack the seal is a request of its own, the
     * last of the run, so a run cut short leaves the period unsealed and a rerun seals it.
     */
    @Override
    public void seal(PeriodSeal seal, Collection<MinuteCount> rows, Collection<HourReach> reach) throws StoreUnavailableException {
        upsert(rows);
        upsertReach(reach);
        ObjectNode req = JSON.createObjectNode();
        req.putArray("rows").addObject().put(SEAL_FROM, Instant.ofEpochMilli(seal.from()).toString())
                .put(SEAL_TO, Instant.ofEpochMilli(seal.to()).toString()).put("version", seal.version());
        post(SEALS, req, "seal " + seal);
    }

    @Override
    public List<PeriodSeal> seals(long from, long to) throws StoreUnavailableException {
        String q = SEALS + "?from=" + enc(Instant.ofEpochMilli(from)) + "&to=" + enc(Instant.ofEpochMilli(to));
        JsonNode body = send(HttpRequest.newBuilder(base.resolve(q)).GET(), "read sealed periods");
        List<PeriodSeal> out = new ArrayList<>();
        for (JsonNode r : body.path("rows")) {
            out.add(new PeriodSeal(Instant.parse(r.path(SEAL_FROM).asText()).toEpochMilli(),
                    Instant.parse(r.path(SEAL_TO).asText()).toEpochMilli(), r.path("version").asLong()));
        }
        return out;
    }

    private void post(String path, ObjectNode req, String what) throws StoreUnavailableException {
        JsonNode resp = send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(req.toString())), what);
        if (!resp.has("written")) throw new StoreUnavailableException("the stack did not confirm: " + what, null);
    }

    /** The stack's freshness as a status (watermark only); empty if it has none. */
    @Override
    public Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException {
        JsonNode f = send(HttpRequest.newBuilder(base.resolve("/api/v1/freshness")).GET(), "read freshness");
        String wm = f.path("watermark").asText(null);
        if (wm == null || wm.isEmpty() || "null".equals(wm)) return Optional.empty();
        return Optional.of(new PipelineStatus(Instant.parse(wm).toEpochMilli(), System.currentTimeMillis(), 0, 0, 0));
    }

    private JsonNode send(HttpRequest.Builder req, String what) throws StoreUnavailableException {
        HttpResponse<String> resp;
        try {
            resp = http.send(req.header("Authorization", "Bearer " + adminKey).header("Accept", "application/json")
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot reach the adclick stack at " + base + " to " + what
                    + " (is ./adclick run up?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while trying to " + what, e);
        }
        int code = resp.statusCode();
        if (code == 401 || code == 403) {
            throw new IllegalStateException("the stack at " + base + " refused the admin key (HTTP " + code + "); check ADCLICK_ADMIN_KEY");
        }
        if (code == 404) {
            throw new IllegalStateException("the stack at " + base + " has no admin rows endpoint (HTTP 404) to " + what
                    + "; is it an adclick query server of this version?");
        }
        if (code != 200) {
            throw new StoreUnavailableException("the stack at " + base + " failed to " + what + ": HTTP " + code + " " + abbreviate(resp.body()), null);
        }
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new StoreUnavailableException("the stack answered " + what + " with invalid JSON: " + abbreviate(resp.body()), e);
        }
    }

    private static String enc(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public void close() {
        // HttpClient holds no resources that need releasing on Java 17
    }
}
