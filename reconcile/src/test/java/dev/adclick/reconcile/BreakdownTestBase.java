package dev.adclick.reconcile;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.fraud.FraudRule;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.GroundTruth;
import dev.adclick.reconcile.testing.ImpressionTruth;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.adclick.core.impression.ImpressionKind.RENDERED;
import static dev.adclick.core.impression.ImpressionKind.SERVED;

/**
 * Fixtures of the breakdown tests (issue 13): clicks and impressions of {@link #PERIOD} with
 * placement, country and device, v1 records without them, an archive file written before the
 * dimension columns existed, a click rule on the device, suspicious groups across dimensions,
 * duplicates with other dimensions and late events in a later file.
 */
public abstract class BreakdownTestBase extends ReconcileTestBase {
    protected static final long LOOKBACK_FROM = START.minusSeconds(86_400).toEpochMilli();
    /** The default rules: the count rules and core's bot-device click rule ({@code BotDevice}, on by default). */
    protected static final FraudRules RULES_WITH_BOT = FraudRules.defaults();

    protected static Click click(String id, String ad, long ts, String ip, boolean verified, String placement, String country, String device) {
        return new Click(id, ad, "imp-" + id, ts, ip, "ua-" + ip, verified, placement, country, device);
    }

    /** Clicks of the new layout (dimension columns present, null for v1 records). */
    protected static List<Click> dimClicks() {
        List<Click> c = new ArrayList<>();
        // ad-1 10:00: two placements, two countries, two devices; a v1 click; values that are no values
        c.add(click("a1", "ad-1", at("10:00:01"), "ip-1", true, "top", "DE", "desktop"));
        c.add(click("a2", "ad-1", at("10:00:02"), "ip-2", false, "top", "DE", "desktop"));
        c.add(click("a3", "ad-1", at("10:00:03"), "ip-3", true, "side", "US", "mobile"));
        c.add(click("a4", "ad-1", at("10:00:04"), "ip-4", true, null, null, null));     // v1: unknown
        c.add(click("a5", "ad-1", at("10:00:05"), "ip-5", true, "", "*", " "));        // blank and "*": unknown too
        // ad-2 10:01: the device rule flags two bot clicks by themselves
        c.add(click("b1", "ad-2", at("10:01:01"), "ip-b1", true, "top", "DE", "bot"));
        c.add(click("b2", "ad-2", at("10:01:02"), "ip-b2", true, "top", "DE", "bot"));
        c.add(click("b3", "ad-2", at("10:01:03"), "ip-b3", true, "top", "DE", "desktop"));
        // ad-4 10:20: 21 clicks of one ip_hash on one ad (> 20) across two devices: all suspicious, in both rows
        for (int i = 0; i < 21; i++) c.add(click("g-" + i, "ad-4", at("10:20:" + String.format("%02d", i)), "ip-g", true, "top", "FR", i % 2 == 0 ? "mobile" : "desktop"));
        c.add(click("g-honest", "ad-4", at("10:20:40"), "ip-h", true, "top", "FR", "mobile"));
        // ad-5 10:30: 20 clicks of one ip_hash (at the threshold) plus its bot click, which the rule takes out of the group
        for (int i = 0; i < 20; i++) c.add(click("t-" + i, "ad-5", at("10:30:" + String.format("%02d", i)), "ip-t", false, "side", "US", "tablet"));
        c.add(click("t-bot", "ad-5", at("10:30:50"), "ip-t", false, "side", "US", "bot"));
        // a duplicate beyond the stream's TTL with other dimensions: counts once, at 10:10, with the first copy's
        c.add(click("dup", "ad-3", at("10:10:00"), "ip-d", true, "top", "FR", "desktop"));
        c.add(click("dup", "ad-3", at("10:40:00"), "ip-d", true, "side", "US", "mobile"));
        // seen in the previous hour with other dimensions: not counted again
        c.add(click("early", "ad-1", Instant.parse("2026-11-27T09:59:30Z").toEpochMilli(), "ip-e", true, "top", "DE", "desktop"));
        c.add(click("early", "ad-1", at("10:00:10"), "ip-e", true, "side", "US", "mobile"));
        return c;
    }

    /** Clicks in a file written before the dimension columns existed: counted as unknown. */
    protected static List<Click> oldLayoutClicks() {
        return List.of(
                click("o1", "ad-1", at("10:00:20"), "ip-o1", true, null, null, null),
                click("o2", "ad-6", at("10:50:00"), "ip-o2", false, null, null, null));
    }

    /** Clicks archived late, in a later file of the same partition: they count like the others. */
    protected static List<Click> lateClicks() {
        return List.of(
                click("late-1", "ad-2", at("10:05:00"), "ip-l1", true, "side", "GB", "mobile"),
                click("late-2", "ad-2", at("10:05:01"), "ip-l2", true, "side", "GB", "mobile"));
    }

    protected static List<Click> allClicks() {
        return Stream.of(dimClicks(), oldLayoutClicks(), lateClicks()).flatMap(List::stream).toList();
    }

    protected static Impression imp(String id, String ad, ImpressionKind kind, long ts, String placement, String country, String device, String user) {
        return new Impression(id, ad, kind, ts, placement, country, device, "ip-" + user, "ua-" + user);
    }

    protected static List<Impression> dimImpressions() {
        List<Impression> l = new ArrayList<>();
        // ad-1 10:00: served in two placements, rendered in one; a v1 impression without dimensions
        for (int i = 0; i < 4; i++) l.add(imp("i" + i, "ad-1", SERVED, at("10:00:0" + i), i < 3 ? "top" : "side", "DE", "desktop", "u" + i));
        for (int i = 0; i < 2; i++) l.add(imp("i" + i, "ad-1", RENDERED, at("10:00:1" + i), "top", "DE", "desktop", "u" + i));
        l.add(imp("i-v1", "ad-1", RENDERED, at("10:00:30"), null, null, null, "u-v1"));
        // a redelivery: counted once
        l.add(imp("i0", "ad-1", RENDERED, at("10:00:10"), "top", "DE", "desktop", "u0"));
        // ad-7 10:25: impressions only
        l.add(imp("j0", "ad-7", SERVED, at("10:25:00"), "side", "US", "mobile", "w0"));
        return l;
    }

    /** Writes the click archive (new layout, old-layout file, late file) and the impression archive under {@code root}. */
    protected static void writeBreakdownArchive(SparkSession spark, Path root) {
        ArchiveFixture.write(spark, root.toString(), dimClicks());
        ArchiveFixture.writeOldLayout(spark, root.toString(), oldLayoutClicks());
        ArchiveFixture.write(spark, root.toString(), lateClicks());
        ArchiveFixture.writeImpressions(spark, root.toString(), dimImpressions());
    }

    /** Exact click rows of the period, total and breakdown, by the reference ({@code FraudRules.rowsOf}). */
    protected static List<MinuteCount> clickRowsTruth() {
        return GroundTruth.rows(allClicks(), START.toEpochMilli(), END.toEpochMilli(), LOOKBACK_FROM, RULES_WITH_BOT);
    }

    protected static List<MinuteCount> impressionRowsTruth() {
        return ImpressionTruth.allRows(dimImpressions(), START.toEpochMilli(), END.toEpochMilli(), LOOKBACK_FROM);
    }

    /** Every exact row of the period, every count column. */
    protected static List<MinuteCount> allRowsTruth() {
        return ImpressionTruth.merged(clickRowsTruth(), impressionRowsTruth());
    }
}
