package dev.adclick.reconcile.store;

import dev.adclick.core.count.Counts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.adclick.core.count.CountColumn;
import dev.adclick.store.PeriodSeal;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.reach.HourReach;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A fake of the query server's admin endpoints (the contract {@link StackRows} is written
 * to: rows with their dimensions and every count column, reach rows, freshness), on a JDK HttpServer
 * at port 0, keeping rows in memory with the store's version rule, one POST at a time.
 */
public final class TestingStackServer implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, MinuteCount> rows = new TreeMap<>();
    private final Map<String, HourReach> reach = new TreeMap<>();
    /** Per "from|to", the highest seal: rows of the period refuse lower versions, as the store does (PeriodSeal). */
    private final Map<String, PeriodSeal> seals = new TreeMap<>();
    public final AtomicInteger posts = new AtomicInteger();
    public volatile String watermark;
    /** Answer reads as a stack from before breakdown rows: no dimension fields. */
    public volatile boolean legacy;
    /** Per POST of rows, the "ad_id|minute" of each row, in order. */
    public final List<List<String>> postedKeys = new ArrayList<>();

    public TestingStackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/admin/rows", this::rows);
        server.createContext("/api/v1/admin/reach", this::reach);
        server.createContext("/api/v1/admin/seals", this::seals);
        server.createContext("/api/v1/freshness", ex -> {
            if (!authorized(ex)) return;
            ObjectNode o = JSON.createObjectNode();
            if (watermark == null) o.putNull("watermark"); else o.put("watermark", watermark);
            o.put("lag_ms", 0);
            reply(ex, 200, o.toString());
        });
        server.start();
    }

    public String location() {
        return "adclick+http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized void put(MinuteCount m) {
        if (refused(m.minute(), m.version())) return;
        rows.merge(m.adId() + "|" + m.minute() + "|" + m.dims(), m, (a, b) -> b.version() > a.version() ? b : a);
    }

    public synchronized List<MinuteCount> all() {
        return new ArrayList<>(rows.values());
    }

    public synchronized void putReach(HourReach r) {
        if (refused(r.hour(), r.version())) return;
        reach.merge(r.adId() + "|" + r.hour(), r, (a, b) -> b.version() > a.version() ? b : a);
    }

    public synchronized List<HourReach> allReach() {
        return new ArrayList<>(reach.values());
    }

    public synchronized List<PeriodSeal> allSeals() {
        return new ArrayList<>(seals.values());
    }

    private boolean refused(long time, long version) {
        return seals.values().stream().anyMatch(s -> s.refuses(time, version));
    }

    private void seals(HttpExchange ex) throws IOException {
        endpoint(ex, (range, arr) -> {
            for (PeriodSeal s : seals.values()) {
                if (s.to() <= range[0] || s.from() >= range[1]) continue;
                arr.addObject().put("from", Instant.ofEpochMilli(s.from()).toString()).put("to", Instant.ofEpochMilli(s.to()).toString())
                        .put("version", s.version());
            }
        }, r -> {
            PeriodSeal s = new PeriodSeal(Instant.parse(r.get("from").asText()).toEpochMilli(), Instant.parse(r.get("to").asText()).toEpochMilli(),
                    r.get("version").asLong());
            seals.merge(s.from() + "|" + s.to(), s, (a, b) -> b.version() > a.version() ? b : a);
        });
    }

    private void rows(HttpExchange ex) throws IOException {
        endpoint(ex, (range, arr) -> {
            for (MinuteCount m : rows.values()) {
                if (m.minute() < range[0] || m.minute() >= range[1]) continue;
                ObjectNode row = arr.addObject().put(CountKey.AD_ID, m.adId()).put(CountKey.MINUTE, m.minuteStart().toString());
                if (!legacy) for (Dimension d : Dimension.values()) row.put(d.field(), m.dims().get(d));
                for (CountColumn c : CountColumn.ALL) row.put(c.column(), m.counts().get(c));
                row.put("version", m.version());
            }
        }, r -> put(new MinuteCount(r.get(CountKey.AD_ID).asText(), Instant.parse(r.get(CountKey.MINUTE).asText()).toEpochMilli(),
                new Dimensions(r.get(Dimension.PLACEMENT.field()).asText(), r.get(Dimension.COUNTRY.field()).asText(),
                        r.get(Dimension.DEVICE.field()).asText()),
                Counts.of(c -> r.path(c.column()).asLong()), r.get("version").asLong())));
    }

    /** Whether a written row lacks a field the server requires (the real one answers 400, like for a missing count column). */
    private static String missingField(String path, JsonNode row) {
        if (!path.endsWith("/rows")) return null;
        for (Dimension d : Dimension.values()) if (!row.path(d.field()).isTextual()) return d.field();
        for (CountColumn c : CountColumn.ALL) if (!row.has(c.column())) return c.column();
        return null;
    }

    private void reach(HttpExchange ex) throws IOException {
        endpoint(ex, (range, arr) -> {
            for (HourReach h : reach.values()) {
                if (h.hour() < range[0] || h.hour() >= range[1]) continue;
                arr.addObject().put(HourReach.AD_ID, h.adId()).put(HourReach.HOUR, Instant.ofEpochMilli(h.hour()).toString())
                        .put(HourReach.SKETCH, Base64.getEncoder().encodeToString(h.sketch())).put(HourReach.VERSION, h.version());
            }
        }, r -> putReach(new HourReach(r.get(HourReach.AD_ID).asText(), Instant.parse(r.get(HourReach.HOUR).asText()).toEpochMilli(),
                Base64.getDecoder().decode(r.get(HourReach.SKETCH).asText()), r.get(HourReach.VERSION).asLong())));
    }

    /** An admin rows endpoint: GET lists the rows of {@code ?from&to} ({@code read}), POST stores each of {@code "rows"} ({@code write}). */
    private void endpoint(HttpExchange ex, BiConsumer<long[], ArrayNode> read, Consumer<JsonNode> write) throws IOException {
        if (!authorized(ex)) return;
        if (ex.getRequestMethod().equals("GET")) {
            ObjectNode o = JSON.createObjectNode();
            synchronized (this) {
                read.accept(range(ex), o.putArray("rows"));
            }
            reply(ex, 200, o.toString());
        } else if (ex.getRequestMethod().equals("POST")) {
            posts.incrementAndGet();
            JsonNode body = JSON.readTree(ex.getRequestBody());
            List<String> keys = new ArrayList<>();
            for (JsonNode r : body.path("rows")) {
                String missing = missingField(ex.getRequestURI().getPath(), r);
                if (missing != null) {
                    reply(ex, 400, "{\"error\":\"row without " + missing + "\"}");
                    return;
                }
                keys.add(r.path(CountKey.AD_ID).asText() + "|" + r.path(CountKey.MINUTE).asText());
            }
            int n = 0;
            synchronized (this) {
                for (JsonNode r : body.path("rows")) {
                    write.accept(r);
                    n++;
                }
                if (ex.getRequestURI().getPath().endsWith("/rows")) postedKeys.add(keys);
            }
            reply(ex, 200, "{\"written\":" + n + "}");
        } else {
            reply(ex, 405, "{\"error\":\"method not allowed\"}");
        }
    }

    /** {@code from} and {@code to} of the query, epoch ms. */
    private static long[] range(HttpExchange ex) {
        Map<String, String> q = new TreeMap<>();
        for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return new long[] {Instant.parse(q.get("from")).toEpochMilli(), Instant.parse(q.get("to")).toEpochMilli()};
    }

    private static boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            reply(ex, 401, "{\"error\":\"missing key\"}");
            return false;
        }
        if (!auth.equals("Bearer " + ADMIN_KEY)) {
            reply(ex, 403, "{\"error\":\"not the admin key\"}");
            return false;
        }
        return true;
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
