package dev.adclick.ingest;

import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.IngestTestBase.PublishedImpression;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the impressions topic must hold after a run of serves and beacons. */
final class ImpressionAssertions {
    private ImpressionAssertions() {}

    /** The dedupe ids ({@code <impression id>/<kind>}) of these serve answers, of one kind. */
    static Set<String> dedupeIds(List<JsonObject> served, ImpressionKind kind) {
        Set<String> ids = new HashSet<>();
        for (JsonObject ad : served) ids.add(ad.getString("impression_id") + "/" + kind.json());
        return ids;
    }

    /**
     * Exactly the expected events, each impression id once per kind, keyed by its ad id; copies
     * beyond one are bounded by the sender's failed sends, as for clicks (see
     * {@code KafkaOutageITCase.assertExactlyTheseClicks}): with no failed send, the counts are exact.
     */
    static void assertExactlyTheseImpressions(List<PublishedImpression> published, Set<String> expectedDedupeIds, long failedSends) {
        Map<String, Long> perId = published.stream().collect(Collectors.groupingBy(p -> p.impression().dedupeId(), Collectors.counting()));
        assertThat(perId.keySet()).as("impression id/kind on the topic").isEqualTo(expectedDedupeIds);
        assertThat((long) (published.size() - expectedDedupeIds.size())).as("copies beyond one per event (bound: %d failed sends)", failedSends)
                .isBetween(0L, failedSends);
        for (PublishedImpression p : published) {
            Impression i = p.impression();
            assertThat(p.key()).as("the key is the ad id").isEqualTo(i.getAdId());
            assertThat(i.getIpHash()).as("ip_hash").isNotBlank();
            assertThat(i.getUaHash()).as("ua_hash").isNotBlank();
        }
    }
}
