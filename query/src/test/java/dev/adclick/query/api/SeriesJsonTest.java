package dev.adclick.query.api;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.Bucket;
import dev.adclick.store.Granularity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.adclick.query.http.JsonResponses.iso;
import static org.assertj.core.api.Assertions.assertThat;

/** The streamed series answer ({@link SeriesJson}) is byte for byte the tree's {@link JsonObject#encode()}. */
class SeriesJsonTest {
    private static final long T0 = 1_764_547_200_000L;

    @Test
    void streamedBytesAreTheTreesEncoding() {
        List<Bucket> buckets = new ArrayList<>();
        buckets.add(new Bucket(T0, new Counts(3, 2, 1)));                       // no impressions: ctr null
        buckets.add(new Bucket(T0 + 60_000, new Counts(7, 5, 2, 400, 321)));    // ctr 7/321
        for (int i = 2; i < 1440; i++) buckets.add(new Bucket(T0 + i * 60_000L, new Counts(i, i / 2, i % 3, 10L * i, 9L * i + 1)));
        UniqueUsers users = UniqueUsers.empty();
        for (int i = 0; i < 500; i++) users.add("ip" + i, "ua");
        TimeRange range = new TimeRange(T0, T0 + 86_400_000L);
        for (String ad : List.of("ad-1", "ad-\u00e9t\u00e9 \"q\"")) {
            for (UniqueUsers u : new UniqueUsers[] {users, null}) { // null: a filtered series has no reach
                String streamed = AdQueries.seriesJson(ad, Granularity.MINUTE, range, buckets, u).toString(StandardCharsets.UTF_8);
                assertThat(streamed).isEqualTo(tree(ad, range, buckets, u).encode());
            }
        }
        assertThat(AdQueries.seriesJson("ad-1", Granularity.HOUR, range, List.of(), null).toString(StandardCharsets.UTF_8))
                .isEqualTo(tree("ad-1", range, List.of(), null).put("granularity", "hour").encode());
    }

    /** The answer as it was built before it was streamed: a tree of JsonObjects, one per bucket. */
    private static JsonObject tree(String ad, TimeRange range, List<Bucket> buckets, UniqueUsers users) {
        Counts total = Counts.ZERO;
        JsonArray lines = new JsonArray();
        for (Bucket b : buckets) {
            total = total.plus(b.counts());
            lines.add(CountsJson.line("start", iso(b.start()), b.counts()));
        }
        return range.putInto(new JsonObject().put(CountKey.AD_ID, ad).put("granularity", "minute"))
                .put("total", total.clicks()).put("verified_total", total.verifiedClicks()).put("suspicious_total", total.suspiciousClicks())
                .put("totals", CountsJson.totals(total, users))
                .put("buckets", lines);
    }
}
