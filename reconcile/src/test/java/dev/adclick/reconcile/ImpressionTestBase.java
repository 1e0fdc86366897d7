package dev.adclick.reconcile;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.ImpressionTruth;
import dev.adclick.store.ClickStore;
import dev.adclick.store.MinuteRows;
import dev.adclick.store.duckdb.DuckDbClickStore;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.adclick.core.impression.ImpressionKind.RENDERED;
import static dev.adclick.core.impression.ImpressionKind.SERVED;

/**
 * Fixtures of the impression tests: the clicks of {@link ReconcileTestBase} plus impressions of the
 * same hour that the stream got wrong in every way it can, and what the store holds after the stream.
 */
public abstract class ImpressionTestBase extends ReconcileTestBase {
    protected static final long HOUR_10 = START.toEpochMilli();
    protected static final long LOOKBACK_FROM = START.minusSeconds(86_400).toEpochMilli();

    protected static Impression imp(String id, String ad, ImpressionKind kind, long ts, String user) {
        return new Impression(id, ad, kind, ts, "placement-1", "ip-" + user, "ua-" + user);
    }

    /** Writes the click archive of {@link #archive()} and the impression archive of {@link #impressions()} under {@code root}. */
    protected static void writeArchives(SparkSession spark, Path root) {
        ArchiveFixture.write(spark, root.toString(), archive());
        ArchiveFixture.writeImpressions(spark, root.toString(), impressions());
    }

    /** The impression archive: ordinary traffic plus every kind of error of the online layer. */
    protected static List<Impression> impressions() {
        List<Impression> l = new ArrayList<>();
        // ad-1, 10:00-10:04: 450 served and 400 rendered a minute, a user each: 2000 users, a sketch in HLL mode
        for (int m = 0; m < 5; m++) {
            for (int i = 0; i < 450; i++) {
                long ts = minute(String.format("10:%02d", m)) + i * 100L;
                l.add(imp("a1-" + m + "-" + i, "ad-1", SERVED, ts, "a1-" + m + "-" + i));
                if (i < 400) l.add(imp("a1-" + m + "-" + i, "ad-1", RENDERED, ts + 50, "a1-" + m + "-" + i));
            }
        }
        // ad-2 at 10:05: 6 served and rendered; the stream counted 2 renders, the others came too late
        for (int i = 0; i < 6; i++) {
            l.add(imp("a2-" + i, "ad-2", SERVED, at("10:05:0" + i), "a2-" + i));
            l.add(imp("a2-" + i, "ad-2", RENDERED, at("10:05:1" + i), "a2-" + i));
        }
        // ad-3: a render again at 10:40, beyond the layer-2 TTL (counts once, at 10:10), and a Kafka redelivery
        l.add(imp("a3-dup", "ad-3", RENDERED, at("10:10:00"), "a3-dup"));
        l.add(imp("a3-dup", "ad-3", RENDERED, at("10:40:00"), "a3-dup"));
        l.add(imp("a3-re", "ad-3", RENDERED, at("10:10:30"), "a3-re"));
        l.add(imp("a3-re", "ad-3", RENDERED, at("10:10:30"), "a3-re"));
        // ad-7 at 10:25: the stream's state expired and it wrote nothing
        for (int i = 0; i < 5; i++) l.add(imp("a7-" + i, "ad-7", SERVED, at("10:25:0" + i), "a7-" + i));
        for (int i = 0; i < 3; i++) l.add(imp("a7-" + i, "ad-7", RENDERED, at("10:25:3" + i), "a7-" + i));
        // ad-8 at 10:15: 1000 users, all seen by the stream too
        for (int i = 0; i < 1000; i++) l.add(imp("a8-" + i, "ad-8", RENDERED, minute("10:15") + i * 50L, "a8-" + i));
        // rendered at 09:59:50 already (previous hour): does not count again at 10:00:20
        l.add(imp("a9-early", "ad-9", RENDERED, Instant.parse("2026-11-27T09:59:50Z").toEpochMilli(), "a9"));
        l.add(imp("a9-early", "ad-9", RENDERED, at("10:00:20"), "a9"));
        // next hour: not part of the period
        l.add(imp("next-1", "ad-1", RENDERED, END.toEpochMilli(), "next"));
        return l;
    }

    /** Rows the archive holds that are no impressions: no id, no ad, no ts, a kind that does not exist (values in ImpressionArchiveColumn order). */
    protected static List<Object[]> malformedImpressions() {
        return List.of(
                new Object[] {null, "ad-1", "rendered", at("10:01:00"), null, null, null, "ip-x", "ua-x", 0, 1L},
                new Object[] {"m-1", null, "rendered", at("10:01:00"), null, null, null, "ip-x", "ua-x", 0, 2L},
                new Object[] {"m-2", "ad-1", "clicked", at("10:01:00"), null, null, null, "ip-x", "ua-x", 0, 3L},
                new Object[] {"m-3", "ad-1", null, at("10:01:00"), null, null, null, "ip-x", "ua-x", 0, 4L},
                new Object[] {"m-4", "ad-1", "served", null, null, null, null, "ip-x", "ua-x", 0, 5L});
    }

    protected static List<MinuteCount> impressionTruth() {
        return ImpressionTruth.rows(impressions(), HOUR_10, END.toEpochMilli(), LOOKBACK_FROM);
    }

    /** Exact rows of the period, every count column. */
    protected static List<MinuteCount> fullTruth() {
        return ImpressionTruth.merged(truth(), impressionTruth());
    }

    /** Every exact row of the period, total and breakdown, every count column. */
    protected static List<MinuteCount> fullRowsTruth() {
        return ImpressionTruth.merged(rowsTruth(), ImpressionTruth.allRows(impressions(), HOUR_10, END.toEpochMilli(), LOOKBACK_FROM));
    }

    protected static Map<String, UniqueUsers> reachTruth() {
        return ImpressionTruth.reach(impressions(), HOUR_10, END.toEpochMilli(), LOOKBACK_FROM);
    }

    /** The stream's impression rows: right, but for the too-late renders of ad-2, the duplicate of ad-3, and ad-7 missing. */
    protected static List<MinuteCount> streamImpressionRows() {
        List<MinuteCount> rows = new ArrayList<>();
        for (MinuteCount t : impressionTruth()) {
            if (t.adId().equals("ad-7")) continue;
            rows.add(t.adId().equals("ad-2") ? new MinuteCount(t.key(), new Counts(0, 0, 0, 6, 2), STREAM_VERSION) : t.withVersion(STREAM_VERSION));
        }
        rows.add(new MinuteCount("ad-3", minute("10:40"), new Counts(0, 0, 0, 0, 1), STREAM_VERSION));
        return rows;
    }

    /** What the stream left in the store: click rows and impression rows as one row per key. */
    protected static List<MinuteCount> streamRowsWithImpressions() {
        return ImpressionTruth.merged(streamRows(), streamImpressionRows()).stream().map(m -> m.withVersion(STREAM_VERSION)).toList();
    }

    /** The users of a list of impressions, added last to first (another order than the archive's). */
    protected static UniqueUsers usersReversed(List<Impression> rendered) {
        UniqueUsers u = UniqueUsers.empty();
        for (int i = rendered.size() - 1; i >= 0; i--) u.add(rendered.get(i).getIpHash(), rendered.get(i).getUaHash());
        return u;
    }

    private static List<Impression> renderedOf(String ad) {
        return ImpressionTruth.counted(impressions(), HOUR_10, END.toEpochMilli(), LOOKBACK_FROM).stream()
                .filter(i -> i.getAdId().equals(ad) && i.getKind() == RENDERED)
                .sorted(Comparator.comparingLong(Impression::getTs)).toList();
    }

    /**
     * The stream's reach rows: ad-1 misses 3 users and ad-2 the late ones, ad-7 is missing, ad-ghost
     * should not exist; ad-3 and ad-8 have exactly the archive's users, added in another order.
     */
    protected static List<HourReach> streamReach() {
        List<Impression> ad1 = renderedOf("ad-1");
        return List.of(
                HourReach.of("ad-1", HOUR_10, usersReversed(ad1.subList(0, ad1.size() - 3)), STREAM_VERSION),
                HourReach.of("ad-2", HOUR_10, usersReversed(renderedOf("ad-2").subList(0, 2)), STREAM_VERSION),
                HourReach.of("ad-3", HOUR_10, usersReversed(renderedOf("ad-3")), STREAM_VERSION),
                HourReach.of("ad-8", HOUR_10, usersReversed(renderedOf("ad-8")), STREAM_VERSION),
                HourReach.of("ad-ghost", HOUR_10, usersReversed(renderedOf("ad-2")), STREAM_VERSION),
                HourReach.of("ad-1", END.toEpochMilli(), usersReversed(renderedOf("ad-2")), STREAM_VERSION));
    }

    /** A DuckDB store in {@code file} holding what the stream left: {@link #streamRowsWithImpressions()} and {@link #streamReach()}. */
    protected static ClickStore storeAfterTheStream(Path file) throws Exception {
        DuckDbClickStore store = DuckDbClickStore.open(file);
        store.upsert(streamRowsWithImpressions());
        store.upsertReach(streamReach());
        return store;
    }

    /** Non-zero total rows of {@code [from, to)} with every count column, without versions, sorted. */
    protected static List<MinuteCount> allCountsOf(MinuteRows store, Instant from, Instant to) throws Exception {
        List<MinuteCount> out = new ArrayList<>();
        for (MinuteCount m : store.rows(from.toEpochMilli(), to.toEpochMilli())) {
            if (m.dims().isTotal() && !m.counts().isZero()) out.add(m.withVersion(0));
        }
        out.sort(Comparator.comparing(MinuteCount::adId).thenComparingLong(MinuteCount::minute));
        return out;
    }
}
