package dev.adclick.reconcile.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adclick.core.count.CountColumn;
import dev.adclick.reconcile.compute.PeriodRows;
import dev.adclick.reconcile.diff.CountsDiff;
import dev.adclick.reconcile.diff.ReachDiff;

import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;

/** The report's {@code impressions} and {@code reach} parts (JSON and console lines); see reconcile/README.md. */
final class ImpressionsSection {
    private ImpressionsSection() {}

    static void json(ObjectNode r, ReconcileReport.ImpressionFacts f, CountsDiff d, ReachDiff reach, boolean dryRun) {
        ObjectNode i = r.putObject("impressions");
        ObjectNode a = i.putObject("archive");
        a.put("uri", f.archive().root());
        a.put("files_read", f.archive().files().size());
        a.put("bytes_read", f.archive().bytes());
        a.put("lookback_files_read", f.archive().lookbackFiles().size());
        ArrayNode files = a.putArray("files");
        f.archive().paths().stream().limit(ReconcileReport.MAX_FILES_LISTED).forEach(files::add);
        hours(i.putArray("hours_reconciled"), f.archive().coveredHours());
        hours(i.putArray("hours_without_archive"), f.archive().missingHours());
        i.put("records_read", f.recordsRead());
        i.put("unique_served", f.uniqueServed());
        i.put("unique_rendered", f.uniqueRendered());
        for (CountColumn c : PeriodRows.IMPRESSION_COLUMNS) {
            i.put(c.column() + "_added", d.added(c));
            i.put(c.column() + "_removed", d.removed(c));
        }
        ObjectNode h = r.putObject("reach");
        h.put("rows_checked", reach.rowsChecked());
        h.put("rows_corrected", reach.corrections().size());
        h.put("rows_inserted", reach.rowsInserted());
        h.put("rows_emptied", reach.rowsEmptied());
        h.put("rows_written", dryRun ? 0 : reach.writes().size());
        ArrayNode largest = h.putArray("largest_differences");
        reach.differences().stream().limit(ReconcileReport.LARGEST).forEach(x -> largest.addObject()
                .put("ad_id", x.adId()).put("hour", Instant.ofEpochMilli(x.hour()).toString())
                .put("stored_users", x.storedUsers()).put("exact_users", x.exactUsers()));
    }

    static void summary(StringBuilder b, ReconcileReport.ImpressionFacts f, CountsDiff d, ReachDiff reach) {
        b.append(String.format("  impression archive: %d files (%,d bytes), %,d records, %,d served, %,d rendered%n",
                f.archive().files().size(), f.archive().bytes(), f.recordsRead(), f.uniqueServed(), f.uniqueRendered()));
        if (!f.archive().missingHours().isEmpty()) {
            b.append(String.format("  impressions not reconciled (no impression archive, stored counts and reach kept): %s%n",
                    f.archive().missingHours().stream().map(t -> Instant.ofEpochMilli(t).toString()).collect(Collectors.joining(", "))));
        }
        b.append(String.format("  impressions: served +%,d added, -%,d removed; rendered +%,d added, -%,d removed%n",
                d.added(CountColumn.SERVED_IMPRESSIONS), d.removed(CountColumn.SERVED_IMPRESSIONS),
                d.added(CountColumn.IMPRESSIONS), d.removed(CountColumn.IMPRESSIONS)));
        b.append(String.format("  reach: %,d hours checked, %,d corrected (%,d inserted, %,d emptied)%n",
                reach.rowsChecked(), reach.corrections().size(), reach.rowsInserted(), reach.rowsEmptied()));
        reach.differences().stream().limit(5).forEach(x -> b.append(String.format("    %s %s: users ~%,d -> ~%,d%n",
                x.adId(), Instant.ofEpochMilli(x.hour()), x.storedUsers(), x.exactUsers())));
    }

    private static void hours(ArrayNode out, Collection<Long> hours) {
        hours.forEach(h -> out.add(Instant.ofEpochMilli(h).toString()));
    }
}
