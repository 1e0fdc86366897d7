package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cluster.process.Waits;
import dev.adclick.core.stream.StreamTiming;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The closed hour of the cluster test, step by step: what the stream counts, what Spark corrects. */
final class ClosedHour {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private ClosedHour() {}

    static String label(long hourStart) {
        return HOUR.format(Instant.ofEpochMilli(hourStart));
    }

    /**
     * Before any other traffic (the watermark is still in the closed hour): the on-time clicks are
     * counted; once the dedupe TTL has passed, copies of some are counted a second time.
     */
    static void countedTwiceAfterTtl(LocalCluster cluster, QueryApi api, ClosedHourClicks closed, Duration ttl) throws Exception {
        closed.sendOnTime();
        Waits.until("the stream to count the closed hour's on-time clicks", Duration.ofSeconds(90),
                () -> total(api, closed) == ClosedHourClicks.ON_TIME);
        // each id's "seen" flag was written before its click was counted, so it expires by now + TTL (processing time)
        long expired = System.nanoTime() + ttl.plusSeconds(1).toNanos();
        cluster.say("closed hour " + label(closed.hour) + ": " + ClosedHourClicks.ON_TIME + " on-time clicks counted; waiting out the dedupe TTL (" + ttl.toSeconds() + " s)");
        Waits.until("the dedupe TTL to pass", ttl.plusSeconds(30), () -> System.nanoTime() > expired);
        closed.sendDuplicates(ClosedHourClicks.DUPLICATED_AFTER_TTL);
        Waits.until("the stream to count the duplicates sent after the TTL", Duration.ofSeconds(60),
                () -> total(api, closed) == ClosedHourClicks.ON_TIME + ClosedHourClicks.DUPLICATED_AFTER_TTL);
        cluster.say("closed hour: " + ClosedHourClicks.DUPLICATED_AFTER_TTL + " duplicates sent after the TTL were counted again");
    }

    /** Under load (the watermark is far past the hour): the late clicks reach the S3 archive, and the stream does not count them. */
    static void lateClicksArchivedNotCounted(LocalCluster cluster, QueryApi api, S3Client s3, ClosedHourClicks closed, ClickLoad load) throws Exception {
        long lateness = StreamTiming.ALLOWED_LATENESS.defaultParsed().toMillis();
        Waits.until("the watermark to pass the closed hour's end + allowed lateness", Duration.ofSeconds(90), load::check,
                () -> api.watermark() > closed.end() + lateness);
        closed.sendLate();
        String hourPrefix = LocalCluster.ARCHIVE_PREFIX + "/" + partition(closed.hour) + "/";
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Waits.until("the late clicks in the S3 archive (committed on a checkpoint)", Duration.ofSeconds(90), load::check,
                () -> S3Archive.rows(s3, dev.adclick.cluster.s3.S3Node.ARCHIVE_BUCKET, hourPrefix, tmp).stream().map(S3Archive.Row::clickId)
                        .collect(Collectors.toSet()).containsAll(closed.lateIds()));
        List<String> m = mismatches(api, closed.streamCounted(), closed);
        assertThat(m).as("the stream's counts of the closed hour: on time and duplicates after the TTL, no late click").isEmpty();
        cluster.say("closed hour: " + closed.lateIds().size() + " late clicks archived in S3, not counted by the stream (it has "
                + total(api, closed) + ", the truth is " + closed.truth().total() + ")");
    }

    /** The scheduled Spark run corrected the hour to the truth; a second run (the same command, by hand) corrects nothing. */
    static void reconciledOnSpark(LocalCluster cluster, QueryApi api, ClosedHourClicks closed, JsonNode report, Path dir) throws Exception {
        String hour = label(closed.hour);
        assertThat(report.path("outcome").asText()).as(report.toString()).isEqualTo("stored");
        // the exact figures are the query API's below (total rows); the report's sums also cover breakdown rows once there are any
        long[] delta = delta(closed);
        assertThat(report.path("clicks_added").asLong()).as("clicks added: the late ones, at least " + delta[0]).isGreaterThanOrEqualTo(delta[0]);
        assertThat(report.path("clicks_removed").asLong()).as("clicks removed: the copies counted after the TTL, at least " + delta[1])
                .isGreaterThanOrEqualTo(delta[1]);
        assertExact(cluster, api, closed);
        cluster.say("closed hour " + hour + " reconciled by the scheduler on Spark: +" + report.path("clicks_added").asLong() + " -"
                + report.path("clicks_removed").asLong() + " clicks, " + report.path("rows_corrected").asLong() + " rows corrected");

        JsonNode again = Reconciliations.runOnce(cluster.reconcile().submit(), hour, dir.resolve("reconcile-again.log"), Duration.ofMinutes(4));
        assertThat(again.path("rows_corrected").asLong()).as(again.toString()).isZero();
        assertThat(again.path("rows_written").asLong()).as(again.toString()).isZero();
        assertThat(again.path("clicks_added").asLong() + again.path("clicks_removed").asLong()).isZero();
        assertExact(cluster, api, closed);
        Set<String> apps = new TreeSet<>();
        cluster.spark().masterState().path("completedapps").forEach(a -> apps.add(a.path("name").asText()));
        assertThat(apps).as("applications the Spark master ran").contains("adclick-reconcile " + hour);
        cluster.say("second run of " + hour + " on Spark: nothing to correct; the master lists " + apps);
    }

    static void assertExact(LocalCluster cluster, QueryApi api, ClosedHourClicks closed) throws Exception {
        ClusterFailoverTest.assertExactThroughQueryApi(cluster, api, closed.truth(), "the closed hour " + label(closed.hour));
    }

    /** {added, removed}: the per-(ad, minute) differences between the truth and what the stream counted. */
    private static long[] delta(ClosedHourClicks closed) {
        long added = 0;
        long removed = 0;
        for (String ad : ClosedHourClicks.ADS) {
            Map<Long, ExpectedCounts.Count> truth = closed.truth().counts(ad);
            Map<Long, ExpectedCounts.Count> stream = closed.streamCounted().counts(ad);
            Set<Long> minutes = new TreeSet<>(truth.keySet());
            minutes.addAll(stream.keySet());
            for (long m : minutes) {
                long d = truth.getOrDefault(m, new ExpectedCounts.Count(0, 0)).clicks() - stream.getOrDefault(m, new ExpectedCounts.Count(0, 0)).clicks();
                if (d > 0) added += d;
                else removed -= d;
            }
        }
        return new long[] {added, removed};
    }

    private static List<String> mismatches(QueryApi api, ExpectedCounts want, ClosedHourClicks closed) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String ad : ClosedHourClicks.ADS) out.addAll(want.mismatches(ad, api.minutes(ad, closed.hour, closed.end())));
        return out;
    }

    private static long total(QueryApi api, ClosedHourClicks closed) throws Exception {
        long n = 0;
        for (String ad : ClosedHourClicks.ADS) n += api.clicks(ad, closed.hour, closed.end());
        return n;
    }

    /** {@code dt=YYYY-MM-DD/hour=HH}, the archive's partition of an hour. */
    static String partition(long hourStart) {
        Instant t = Instant.ofEpochMilli(hourStart);
        return "dt=" + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(t) + "/hour="
                + DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC).format(t);
    }
}
