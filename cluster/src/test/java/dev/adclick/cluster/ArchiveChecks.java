package dev.adclick.cluster;

import dev.adclick.cluster.process.Waits;
import dev.adclick.cluster.s3.S3Node;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive objects in S3, read back with the S3 API, against what the test sent: every Kafka
 * record of the clicks topic once (no partition/offset twice, although a TaskManager died and the
 * job was restored, and later upgraded from a savepoint), every click there (the clicks of the load
 * per ad per minute, by click id), and each copy of a click produced straight into Kafka there
 * once (duplicates are archived as the records they are; reconciliation dedupes them).
 */
final class ArchiveChecks {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private ArchiveChecks() {}

    static void everyRecordOnce(LocalCluster cluster, S3Client s3, ExpectedCounts load, ClosedHourClicks closed, List<ClickLoad> loads, Path tmp)
            throws Exception {
        Map<String, Integer> copies = new HashMap<>(closed.copies());
        loads.forEach(l -> copies.putAll(l.directCopies()));
        List<String> problems = new ArrayList<>();
        int[] rowCount = new int[1];
        try {
            // files are committed on the checkpoint after their records: wait for the last ones
            Waits.until("the S3 archive to hold every record sent", TIMEOUT, () -> {
                List<S3Archive.Row> rows = S3Archive.rows(s3, S3Node.ARCHIVE_BUCKET, S3Archive.allHours(LocalCluster.ARCHIVE_PREFIX), tmp);
                rowCount[0] = rows.size();
                problems.clear();
                problems.addAll(check(rows, load, copies));
                return problems.isEmpty();
            });
        } catch (IllegalStateException timedOut) {
            assertThat(problems).as("the S3 archive against what was sent (" + rowCount[0] + " rows)").isEmpty();
        }
        cluster.say("S3 archive: " + rowCount[0] + " records, each Kafka record once; every click of the load and each Kafka copy is there");
    }

    private static List<String> check(List<S3Archive.Row> rows, ExpectedCounts load, Map<String, Integer> copies) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> byRecord = new HashMap<>();
        Map<String, Integer> byClick = new HashMap<>();
        Map<String, S3Archive.Row> firstOfClick = new LinkedHashMap<>();
        for (S3Archive.Row r : rows) {
            byRecord.merge(r.partition() + "/" + r.offset(), 1, Integer::sum);
            byClick.merge(r.clickId(), 1, Integer::sum);
            firstOfClick.putIfAbsent(r.clickId(), r);
        }
        byRecord.forEach((record, n) -> {
            if (n > 1) out.add("Kafka record " + record + " archived " + n + " times");
        });
        copies.forEach((id, n) -> {
            int got = byClick.getOrDefault(id, 0);
            if (got != n) out.add(id + ": " + got + " copies archived, " + n + " produced");
        });
        // the load's clicks by click id (the HTTP ones' ids are the click services'), per ad per minute
        Map<String, Map<Long, ExpectedCounts.Count>> observed = new TreeMap<>();
        for (S3Archive.Row r : firstOfClick.values()) {
            long minute = Math.floorDiv(r.ts(), ExpectedCounts.MINUTE) * ExpectedCounts.MINUTE;
            observed.computeIfAbsent(r.adId(), a -> new TreeMap<>()).merge(minute, new ExpectedCounts.Count(1, r.verified() ? 1 : 0),
                    (a, b) -> new ExpectedCounts.Count(a.clicks() + b.clicks(), a.verified() + b.verified()));
        }
        for (String ad : load.ads()) out.addAll(load.mismatches(ad, observed.getOrDefault(ad, Map.of())));
        return out;
    }
}
