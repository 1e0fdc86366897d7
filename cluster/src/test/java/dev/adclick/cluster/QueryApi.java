package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Reads per-minute counts through the query API (docs/architecture.md, Contracts, query API) with the admin key. */
final class QueryApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String adminKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    QueryApi(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    /** The pipeline's watermark ({@code GET /api/v1/freshness}), epoch ms; {@link Long#MIN_VALUE} before the first. */
    long watermark() throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/freshness")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IllegalStateException("/api/v1/freshness answered " + resp.statusCode() + ": " + resp.body());
        JsonNode w = JSON.readTree(resp.body()).path("watermark");
        return w.isTextual() ? Instant.parse(w.asText()).toEpochMilli() : Long.MIN_VALUE;
    }

    /** Clicks of one ad in {@code [from, to)}, summed over its minutes. */
    long clicks(String ad, long from, long to) throws Exception {
        return minutes(ad, from, to).values().stream().mapToLong(ExpectedCounts.Count::clicks).sum();
    }

    /** minute (epoch ms) → clicks and verified clicks of one ad in {@code [from, to)}. */
    Map<Long, ExpectedCounts.Count> minutes(String ad, long from, long to) throws Exception {
        String url = base + "/api/v1/ads/" + ad + "/clicks?granularity=minute&from=" + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to);
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IllegalStateException(url + " answered " + resp.statusCode() + ": " + resp.body());
        Map<Long, ExpectedCounts.Count> out = new TreeMap<>();
        for (JsonNode b : JSON.readTree(resp.body()).path("buckets")) {
            out.put(Instant.parse(b.path("start").asText()).toEpochMilli(),
                    new ExpectedCounts.Count(b.path("clicks").asLong(), b.path("verified_clicks").asLong()));
        }
        return out;
    }
}
