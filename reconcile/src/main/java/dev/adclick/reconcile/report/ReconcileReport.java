package dev.adclick.reconcile.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.reconcile.Period;
import dev.adclick.reconcile.archive.ImpressionArchive;
import dev.adclick.reconcile.diff.CountsDiff;
import dev.adclick.reconcile.diff.ReachDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The outcome of one run, as JSON (kept in the reports directory) and as a console summary.
 * See {@code reconcile/README.md} for the fields.
 */
public final class ReconcileReport {
    /** How many of the largest differences the report lists. */
    public static final int LARGEST = 20;
    /** How many archive file paths the report lists (the count is always complete). */
    public static final int MAX_FILES_LISTED = 1000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ObjectNode root;
    private final String summary;
    private final int rowsCorrected;
    private final ReachDiff reach;

    private ReconcileReport(ObjectNode root, String summary, int rowsCorrected, ReachDiff reach) {
        this.root = root;
        this.summary = summary;
        this.rowsCorrected = rowsCorrected;
        this.reach = reach;
    }

    /** Facts of one run that are not in the diff. */
    public record RunFacts(Period period, String archive, String store, List<String> files, long archiveBytes,
                           int lookbackFiles, long recordsRead, long uniqueClicks, long suspiciousClicks,
                           String fraudRules, long version, boolean dryRun, List<String> warnings,
                           Instant startedAt, Instant finishedAt, ImpressionFacts impressions) {}

    /** What a run read and counted from the impression archive. */
    public record ImpressionFacts(ImpressionArchive archive, long recordsRead, long uniqueServed, long uniqueRendered) {}

    public static ReconcileReport of(RunFacts f, CountsDiff d, ReachDiff reach) {
        ObjectNode r = JSON.createObjectNode();
        r.put("period", f.period().label());
        r.put("from", f.period().start().toString());
        r.put("to", f.period().end().toString());
        r.put("outcome", f.dryRun() ? "dry_run" : "stored");
        r.put("started_at", f.startedAt().toString());
        r.put("finished_at", f.finishedAt().toString());
        r.put("duration_ms", f.finishedAt().toEpochMilli() - f.startedAt().toEpochMilli());
        r.put("store", f.store());
        r.put("version", f.version());
        r.put("fraud_rules", f.fraudRules());
        ArrayNode warnings = r.putArray("warnings");
        f.warnings().forEach(warnings::add);
        ObjectNode a = r.putObject("archive");
        a.put("uri", f.archive());
        a.put("files_read", f.files().size());
        a.put("bytes_read", f.archiveBytes());
        a.put("lookback_files_read", f.lookbackFiles());
        ArrayNode files = a.putArray("files");
        f.files().stream().limit(MAX_FILES_LISTED).forEach(files::add);
        r.put("records_read", f.recordsRead());
        r.put("unique_clicks", f.uniqueClicks());
        r.put("suspicious_clicks", f.suspiciousClicks());
        r.put("rows_checked", d.rowsChecked());
        r.put("rows_corrected", d.corrections().size());
        r.put("total_rows_corrected", d.totalRowsCorrected());
        r.put("breakdown_rows_corrected", d.breakdownRowsCorrected());
        r.put("rows_inserted", d.rowsInserted());
        r.put("rows_zeroed", d.rowsZeroed());
        r.put("period_sealed", !f.dryRun()); // with the run's version: the stream no longer changes the period's rows
        r.put("rows_carried", d.carried());
        r.put("rows_written", f.dryRun() ? 0 : d.writes().size());
        r.put("clicks_added", d.clicksAdded());
        r.put("clicks_removed", d.clicksRemoved());
        ArrayNode perAd = r.putArray("per_ad");
        d.perAd().entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue().change(), x.getValue().change()))
                .forEach(e -> perAd.addObject()
                        .put("ad_id", e.getKey())
                        .put("clicks_added", e.getValue().clicksAdded())
                        .put("clicks_removed", e.getValue().clicksRemoved())
                        .put("verified_delta", e.getValue().verifiedDelta())
                        .put("suspicious_delta", e.getValue().suspiciousDelta())
                        .put(CountColumn.SERVED_IMPRESSIONS.column() + "_delta", e.getValue().delta().servedImpressions())
                        .put(CountColumn.IMPRESSIONS.column() + "_delta", e.getValue().delta().impressions())
                        .put("rows_corrected", e.getValue().rowsCorrected()));
        ArrayNode largest = r.putArray("largest_differences");
        for (CountsDiff.Difference x : d.differences().subList(0, Math.min(LARGEST, d.differences().size()))) {
            ObjectNode o = largest.addObject();
            o.put("ad_id", x.exact().adId());
            o.put("minute", x.exact().minuteStart().toString());
            for (Dimension dim : Dimension.values()) o.put(dim.field(), x.exact().dims().get(dim));
            counts(o.putObject("stored"), x.stored().counts());
            counts(o.putObject("exact"), x.exact().counts());
            o.put("clicks_delta", x.clicksDelta());
            o.put(CountColumn.IMPRESSIONS.column() + "_delta", x.delta().impressions());
        }
        ImpressionsSection.json(r, f.impressions(), d, reach, f.dryRun());
        return new ReconcileReport(r, summarize(f, d, reach), d.corrections().size(), reach);
    }

    private static void counts(ObjectNode o, Counts counts) {
        for (CountColumn c : CountColumn.ALL) o.put(c.column(), counts.get(c));
    }

    private static String summarize(RunFacts f, CountsDiff d, ReachDiff reach) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Reconciled %s [%s, %s)%s in %.1f s%n", f.period().label(), f.period().start(), f.period().end(),
                f.dryRun() ? " (dry run: nothing written)" : "", (f.finishedAt().toEpochMilli() - f.startedAt().toEpochMilli()) / 1000.0));
        b.append(String.format("  archive: %d files (%,d bytes), %,d records, %,d unique clicks, %,d suspicious%n",
                f.files().size(), f.archiveBytes(), f.recordsRead(), f.uniqueClicks(), f.suspiciousClicks()));
        b.append(String.format("  rows: %,d checked, %,d corrected (%,d total, %,d breakdown; %,d inserted, %,d zeroed)%s%s%n",
                d.rowsChecked(), d.corrections().size(), d.totalRowsCorrected(), d.breakdownRowsCorrected(), d.rowsInserted(), d.rowsZeroed(),
                d.carried() > 0 ? String.format(", %,d unchanged written with their keys", d.carried()) : "",
                f.dryRun() ? "" : "; period sealed"));
        b.append(String.format("  clicks: +%,d added, -%,d removed across %d ads%n", d.clicksAdded(), d.clicksRemoved(), d.perAd().size()));
        for (String w : f.warnings()) b.append("  warning: ").append(w).append(System.lineSeparator());
        int shown = 0;
        for (CountsDiff.Difference x : d.differences()) {
            if (shown++ == 5) break;
            b.append(String.format("    %s %s%s: clicks %d -> %d, verified %d -> %d, suspicious %d -> %d",
                    x.exact().adId(), x.exact().minuteStart(), x.exact().dims().isTotal() ? "" : " [" + x.exact().dims() + "]", x.stored().clicks(), x.exact().clicks(),
                    x.stored().verifiedClicks(), x.exact().verifiedClicks(), x.stored().suspiciousClicks(), x.exact().suspiciousClicks()));
            Counts was = x.stored().counts(), is = x.exact().counts();
            if (was.servedImpressions() != is.servedImpressions() || was.impressions() != is.impressions()) {
                b.append(String.format(", served %d -> %d, rendered %d -> %d", was.servedImpressions(), is.servedImpressions(), was.impressions(), is.impressions()));
            }
            b.append(System.lineSeparator());
        }
        ImpressionsSection.summary(b, f.impressions(), d, reach);
        return b.toString();
    }

    /** The report as JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Readable lines for the console. */
    public String summary() { return summary; }
    public int rowsCorrected() { return rowsCorrected; }
    /** Reach rows (ad, hour) whose users changed. */
    public int reachCorrected() { return reach.corrections().size(); }
    /** A field of the JSON report, for tests and callers. */
    public long number(String field) { return root.path(field).asLong(); }
    /** A field of an object of the JSON report, e.g. {@code number("reach", "rows_corrected")}. */
    public long number(String object, String field) { return root.path(object).path(field).asLong(); }

    /**
     * Writes {@code <dir>/<period>-<timestamp>.json} and replaces {@code <dir>/latest.json}.
     *
     * @return the path of the kept report
     */
    public Path writeTo(Path dir, Instant at) {
        try {
            Files.createDirectories(dir);
            String json = toJson();
            Path kept = dir.resolve(root.get("period").asText().replace(':', '-') + "-" + STAMP.format(at) + ".json");
            Files.writeString(kept, json);
            Path tmp = dir.resolve(".latest.json.tmp");
            Files.writeString(tmp, json);
            Files.move(tmp, dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }
}
