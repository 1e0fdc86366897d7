package dev.adclick.reconcile.store;

import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.reconcile.ReconcileJob;
import dev.adclick.reconcile.ImpressionTestBase;
import dev.adclick.core.reach.HourReach;
import dev.adclick.reconcile.compute.PeriodRows;
import dev.adclick.reconcile.diff.ReachDiff;
import dev.adclick.reconcile.testing.ImpressionTruth;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ReconcileJob} through a running stack ({@code adclick+http://}), as {@code ./adclick reconcile} runs it. */
class StackReconcileITCase extends ImpressionTestBase {
    @TempDir Path dir;

    @Test
    void reconcilesThroughTheStackWithTheAdminKeyFromTheEnvironment() throws Exception {
        ArchiveFixture.write(SharedSpark.get(), dir.resolve("archive").toString(), archive());
        try (TestingStackServer stack = new TestingStackServer()) {
            streamRows().forEach(stack::put);
            String[] args = {"--hour", PERIOD, "--archive", dir.resolve("archive").toString(), "--store", stack.location(),
                    "--reconcile.reports-dir", dir.resolve("reports").toString()};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = ReconcileJob.run(args, Map.of("ADCLICK_ADMIN_KEY", TestingStackServer.ADMIN_KEY),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    Clock.fixed(CLOSED_NOW, ZoneOffset.UTC));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("] counting 1 archive files", "tasks (100%)");
            List<MinuteCount> inPeriod = stack.all().stream()
                    .filter(m -> m.minute() >= START.toEpochMilli() && m.minute() < END.toEpochMilli())
                    .filter(m -> m.clicks() > 0 || m.suspiciousClicks() > 0)
                    .map(m -> m.withVersion(0))
                    .sorted(PeriodRows.ORDER)
                    .toList();
            // the stream's rows were totals only: the breakdown rows (unknown, the archive has no dimensions) are added
            assertThat(inPeriod).containsExactlyElementsOf(rowsTruth());
            assertThat(inPeriod).filteredOn(m -> m.dims().isTotal()).containsExactlyElementsOf(truth());
            assertPostsKeepKeysWhole(stack);
            assertThat(stack.all()).filteredOn(m -> m.minute() < END.toEpochMilli())
                    .allSatisfy(m -> assertThat(WriteVersions.isReconciled(m.version())).isTrue());
        }
    }

    @Test
    void reconcilesImpressionsAndReachThroughTheStack() throws Exception {
        Path archive = dir.resolve("archive");
        writeArchives(SharedSpark.get(), archive);
        try (TestingStackServer stack = new TestingStackServer()) {
            streamRowsWithImpressions().forEach(stack::put);
            streamReach().forEach(stack::putReach);
            String[] args = {"--hour", PERIOD, "--archive", archive.toString(), "--store", stack.location(), "--quiet",
                    "--reconcile.reports-dir", dir.resolve("reports").toString()};
            for (int run = 0; run < 2; run++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = ReconcileJob.run(args, Map.of("ADCLICK_ADMIN_KEY", TestingStackServer.ADMIN_KEY),
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.fixed(CLOSED_NOW.plusSeconds(run * 600L), ZoneOffset.UTC));
                assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).contains(run == 0 ? "reach: 6 hours checked, 4 corrected" : "reach: 6 hours checked, 0 corrected (0 inserted, 0 emptied)");
            }
            List<MinuteCount> inPeriod = stack.all().stream()
                    .filter(m -> m.minute() >= START.toEpochMilli() && m.minute() < END.toEpochMilli() && !m.counts().isZero())
                    .map(m -> m.withVersion(0))
                    .sorted(PeriodRows.ORDER)
                    .toList();
            assertThat(inPeriod).containsExactlyElementsOf(fullRowsTruth());
            assertThat(inPeriod).filteredOn(m -> m.dims().isTotal()).containsExactlyElementsOf(fullTruth());
            assertPostsKeepKeysWhole(stack);
            for (HourReach r : stack.allReach()) {
                if (r.hour() != HOUR_10 || r.adId().equals("ad-ghost")) continue;
                assertThat(ReachDiff.sameUsers(r.sketch(), reachTruth().get(ImpressionTruth.key(r.adId(), r.hour())).toBytes())).as(r.adId()).isTrue();
                // the corrected hours only; ad-3 and ad-8 were right, the seal protects them
                assertThat(WriteVersions.isReconciled(r.version())).as(r.adId()).isEqualTo(!r.adId().equals("ad-3") && !r.adId().equals("ad-8"));
            }
            assertThat(stack.allSeals()).singleElement().satisfies(s -> assertThat(s.from()).isEqualTo(START.toEpochMilli()));
        }
    }

    /** No (ad, minute) was written in two POSTs of one run: its total and breakdown rows went together. */
    static void assertPostsKeepKeysWhole(TestingStackServer stack) {
        Set<String> seen = new HashSet<>();
        for (List<String> post : stack.postedKeys) {
            for (String key : new HashSet<>(post)) assertThat(seen.add(key)).as(key + " in one POST only").isTrue();
        }
        assertThat(seen).isNotEmpty();
    }
}
