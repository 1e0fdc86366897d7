package dev.adclick.query;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.reach.HourReach;
import dev.adclick.store.TopOrder;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code /api/openapi.json} documents exactly the routes the router serves, their
 * parameters, and the fields of their answers (each answer checked against its schema).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConsistencyTest extends QueryTestBase {
    /** The dimension values of the breakdown rows written, which the filter samples select. */
    private static final Dimensions DIMS = new Dimensions("home", "US", "mobile");
    /** A valid value for each documented parameter name ({@code by} differs per path: see {@link #sample}). */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("ad_id", "ad-1"), Map.entry("id", "acme"), Map.entry("from", "2026-11-27T10:00:00Z"),
            Map.entry("to", "2026-11-27T11:00:00Z"), Map.entry("granularity", "hour"), Map.entry("limit", "5"),
            Map.entry("by", "ctr"), Map.entry("min_impressions", "1"), Map.entry("format", "json"),
            Map.entry("placement", DIMS.placement()), Map.entry("country", DIMS.country()), Map.entry("device", DIMS.device()));

    private JsonObject doc;
    private OpenApiSchemas schemas;

    /** Answers with every field: counts with impressions, a CTR and a null one, reach, in the samples' range. */
    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        start(dir, defaultKeys(), b -> b);
        List<MinuteCount> totals = List.of(shown("ad-1", T0, 40, 20, 3), shown("ad-1", T0 + MINUTE, 0, 0, 2), shown("ad-2", T0, 9, 9, 1));
        List<MinuteCount> rows = new ArrayList<>(totals);
        // each total row with its one breakdown row, so the filtered answers have lines too
        for (MinuteCount t : totals) rows.add(new MinuteCount(t.adId(), t.minute(), DIMS, t.counts(), t.version()));
        store.upsert(rows);
        store.upsertReach(List.of(reach("ad-1", T0, 1, "a", "b")));
        Answer a = get("/api/openapi.json", null);
        assertThat(a.status()).isEqualTo(200);
        doc = a.json();
        schemas = new OpenApiSchemas(doc);
    }

    @AfterAll
    void stopServer() {
        stop();
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathIsRouted() {
        Set<String> routed = new TreeSet<>();
        for (Route r : server.router().getRoutes()) {
            // the auth handler and the catch-all are prefix routes, not endpoints
            if (r.getPath() == null || !r.isExactPath() || !r.getPath().startsWith("/api/")) continue;
            assertThat(r.methods()).as(r.getPath()).hasSize(1);
            for (HttpMethod m : r.methods()) routed.add(m.name() + " " + r.getPath().replaceAll(":(\\w+)", "{$1}"));
        }
        Set<String> documented = new TreeSet<>();
        doc.getJsonObject("paths").forEach(e -> ((JsonObject) e.getValue()).fieldNames()
                .forEach(m -> documented.add(m.toUpperCase() + " " + e.getKey())));
        assertThat(routed).hasSize(16).isEqualTo(documented);
    }

    @Test
    void everyAnswerHasExactlyTheDocumentedFields() throws Exception {
        for (String path : doc.getJsonObject("paths").fieldNames()) {
            if (!path.startsWith("/api/v1/")) continue;
            Answer a = get(url(path, parameters(path), null), ADMIN_KEY);
            assertThat(a.status()).as(path).isEqualTo(200);
            JsonObject schema = operation(path).getJsonObject("responses").getJsonObject("200")
                    .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
            assertThat(schemas.problems(a.json(), schema, path)).as(a.body()).isEmpty();
        }
        // the answers checked did hold the lines whose fields are documented
        assertThat(get("/api/v1/ads/ad-1/clicks?" + range(T0, T0 + HOUR), ADMIN_KEY).json().getJsonArray("buckets")).hasSize(2);
        assertThat(get("/api/v1/ads/top?" + range(T0, T0 + HOUR) + "&by=ctr&min_impressions=1", ADMIN_KEY).json().getJsonArray("ads")).hasSize(2);
        assertThat(get("/api/v1/admin/reach?" + range(T0, T0 + HOUR), ADMIN_KEY).json().getJsonArray("rows")).hasSize(1);
        assertThat(get("/api/v1/ads/ad-1/breakdown?" + range(T0, T0 + HOUR) + "&by=device&country=US", ADMIN_KEY).json()
                .getJsonArray("rows")).hasSize(1);
    }

    /** The documented CSV answers: their header is the documented one and names exactly the fields of the JSON rows. */
    @Test
    void everyCsvAnswerHasTheDocumentedHeaderOfTheJsonRowsFields() throws Exception {
        List<String> withCsv = new ArrayList<>();
        for (String path : doc.getJsonObject("paths").fieldNames()) {
            if (!path.startsWith("/api/v1/")) continue;
            JsonObject content = operation(path).getJsonObject("responses").getJsonObject("200").getJsonObject("content");
            JsonObject csv = content.getJsonObject("text/csv");
            boolean hasFormat = parameters(path).containsKey("format");
            assertThat(csv != null).as(path + ": a format parameter if and only if a text/csv answer").isEqualTo(hasFormat);
            if (csv == null) continue;
            withCsv.add(path);
            String url = url(path, parameters(path), "format");
            Answer json = get(url, ADMIN_KEY);
            JsonArray lines = json.json().getJsonArray(csv.getString("x-csv-rows"));
            assertThat(lines).as(path + " has rows").isNotEmpty();
            Answer answer = get(url + "&format=csv", ADMIN_KEY);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            String header = answer.body().substring(0, answer.body().indexOf("\r\n"));
            assertThat(header + "\r\n").as(path).isEqualTo(csv.getString("example"));
            assertThat(List.of(header.split(","))).as(path).containsExactlyElementsOf(lines.getJsonObject(0).fieldNames());
            assertThat(answer.body().split("\r\n")).as(path).hasSize(lines.size() + 1);
        }
        assertThat(withCsv).containsExactlyInAnyOrder("/api/v1/ads/{ad_id}/clicks", "/api/v1/ads/{ad_id}/breakdown", "/api/v1/ads/top");
    }

    @Test
    void documentedDimensionsAreTheOnesTheCodeDefines() {
        List<String> fields = Arrays.stream(Dimension.values()).map(Dimension::field).toList();
        JsonObject by = (JsonObject) schemas.resolve("#/components/parameters/BreakdownBy");
        assertThat(by.getJsonObject("schema").getJsonArray("enum").getList()).containsExactlyElementsOf(fields);
        assertThat(schemas.properties(schema("Breakdown")).get("by").getJsonArray("enum").getList()).containsExactlyElementsOf(fields);
        for (String name : List.of("Placement", "Country", "Device")) {
            JsonObject p = (JsonObject) schemas.resolve("#/components/parameters/" + name);
            assertThat(fields).contains(p.getString("name"));
        }
        assertThat(schemas.required(schema("MinuteRow"))).containsAll(fields);
        assertThat(schemas.required(schema("BreakdownRow"))).containsAll(CountColumn.ALL.stream().map(CountColumn::column).toList())
                .contains("key", "ctr");
        // every read that counts takes every filter
        for (String path : List.of("/api/v1/ads/{ad_id}/clicks", "/api/v1/ads/{ad_id}/totals", "/api/v1/ads/{ad_id}/breakdown",
                "/api/v1/ads/top", "/api/v1/advertisers/{id}/summary", "/api/v1/stats")) {
            assertThat(parameters(path).keySet()).as(path).containsAll(fields);
        }
    }

    @Test
    void documentedCountAndRowFieldsAreTheOnesTheCodeDefines() {
        List<String> columns = CountColumn.ALL.stream().map(CountColumn::column).toList();
        assertThat(schemas.properties(schema("Counts")).keySet()).containsExactlyElementsOf(columns);
        assertThat(schemas.required(schema("Counts"))).containsExactlyInAnyOrderElementsOf(columns);
        assertThat(schemas.required(schema("Totals"))).containsAll(columns)
                .contains("ctr", "unique_users", "unique_users_lower", "unique_users_upper");
        assertThat(schemas.required(schema("Bucket"))).containsAll(columns).contains("start", "ctr");
        assertThat(schemas.required(schema("MinuteRow"))).containsAll(columns).contains(CountKey.AD_ID, CountKey.MINUTE, "version");
        assertThat(schemas.required(schema("ReachRow")))
                .containsExactlyInAnyOrder(HourReach.AD_ID, HourReach.HOUR, HourReach.SKETCH, HourReach.VERSION);
        JsonObject by = (JsonObject) schemas.resolve("#/components/parameters/By");
        assertThat(by.getJsonObject("schema").getJsonArray("enum").getList())
                .containsExactlyElementsOf(Arrays.stream(TopOrder.values()).map(TopOrder::param).toList());
    }

    private JsonObject schema(String name) {
        return doc.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }

    @Test
    void documentDeclaresBearerAuthAndOpenApi3() {
        assertThat(doc.getString("openapi")).startsWith("3.");
        assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearerAuth").getString("scheme"))
                .isEqualTo("bearer");
        assertThat(doc.getJsonArray("security").getJsonObject(0).containsKey("bearerAuth")).isTrue();
        assertThat(operation("/api/openapi.json").getJsonArray("security")).isEmpty();
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) assertThat(resolve(ref)).as(ref).isNotNull();
    }

    @Test
    void documentedRequiredParametersAreExactlyTheOnesRejectedWhenMissing() throws Exception {
        for (String path : doc.getJsonObject("paths").fieldNames()) {
            if (!path.startsWith("/api/v1/")) continue;
            Map<String, JsonObject> params = parameters(path);
            assertThat(get(url(path, params, null), ADMIN_KEY).status()).as("all parameters of " + path).isEqualTo(200);
            for (Map.Entry<String, JsonObject> p : params.entrySet()) {
                if (!"query".equals(p.getValue().getString("in"))) continue;
                Answer without = get(url(path, params, p.getKey()), ADMIN_KEY);
                if (p.getValue().getBoolean("required", false)) {
                    assertThat(without.status()).as(path + " without " + p.getKey()).isEqualTo(400);
                    assertThat(without.error()).contains("'" + p.getKey() + "' is required");
                } else {
                    assertThat(without.status()).as(path + " without optional " + p.getKey()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void documentedErrorCodesIncludeTheAuthAnswers() {
        for (String path : doc.getJsonObject("paths").fieldNames()) {
            if (!path.startsWith("/api/v1/")) continue;
            assertThat(operation(path).getJsonObject("responses").fieldNames()).as(path).contains("200", "401");
            if (!parameters(path).containsKey("from")) continue;
            assertThat(operation(path).getJsonObject("responses").fieldNames()).as(path).contains("400");
        }
    }

    private JsonObject operation(String path) {
        return doc.getJsonObject("paths").getJsonObject(path).getJsonObject("get");
    }

    private Map<String, JsonObject> parameters(String path) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        JsonArray params = operation(path).getJsonArray("parameters", new JsonArray());
        for (Object p : params) {
            JsonObject param = (JsonObject) p;
            if (param.containsKey("$ref")) param = (JsonObject) resolve(param.getString("$ref"));
            out.put(param.getString("name"), param);
        }
        return out;
    }

    private static String url(String path, Map<String, JsonObject> params, String leaveOut) {
        String url = path;
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, JsonObject> p : params.entrySet()) {
            String value = sample(path, p.getKey());
            assertThat(value).as("sample value for " + p.getKey()).isNotNull();
            if ("path".equals(p.getValue().getString("in"))) {
                url = url.replace("{" + p.getKey() + "}", value);
            } else if (!p.getKey().equals(leaveOut)) {
                query.append(query.length() == 0 ? "?" : "&").append(p.getKey()).append('=').append(value);
            }
        }
        return url + query;
    }

    /** {@code by} of a breakdown is a dimension, {@code by} of top a ranking. */
    private static String sample(String path, String name) {
        if (name.equals("by") && path.endsWith("/breakdown")) return Dimension.COUNTRY.field();
        return SAMPLES.get(name);
    }

    private Object resolve(String ref) {
        return schemas.resolve(ref);
    }

    private static void collectRefs(Object node, List<String> out) {
        if (node instanceof JsonObject o) {
            o.forEach(e -> {
                if (e.getKey().equals("$ref")) out.add((String) e.getValue());
                else collectRefs(e.getValue(), out);
            });
        } else if (node instanceof JsonArray a) {
            a.forEach(v -> collectRefs(v, out));
        }
    }
}
