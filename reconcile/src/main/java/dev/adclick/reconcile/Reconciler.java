package dev.adclick.reconcile;

import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.reconcile.Period;
import dev.adclick.core.reconcile.PeriodClosing;
import dev.adclick.reconcile.archive.ArchiveFiles;
import dev.adclick.reconcile.archive.ArchiveFiles.ArchiveFile;
import dev.adclick.core.reach.HourReach;
import dev.adclick.reconcile.archive.ImpressionArchive;
import dev.adclick.reconcile.compute.ExactCounts;
import dev.adclick.reconcile.compute.ImpressionCounts;
import dev.adclick.reconcile.compute.PeriodRows;
import dev.adclick.reconcile.diff.CountsDiff;
import dev.adclick.reconcile.diff.ReachDiff;
import dev.adclick.reconcile.report.ConsoleProgress;
import dev.adclick.reconcile.report.ReconcileReport;
import dev.adclick.reconcile.store.KeyBatches;
import dev.adclick.store.MinuteRows;
import dev.adclick.store.PeriodSeal;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reconciliation of one closed period: click and impression archives → exact counts (all count
 * columns per ad and minute) and reach sketches (per ad and hour) → diffs with the store →
 * corrections written with a reconciled version (docs/architecture.md, Contracts, store table and
 * Counting semantics). The job class ({@link ReconcileJob}) only wires this to the command line.
 *
 * <p>Writes are idempotent: only rows that differ are written, each with {@link WriteVersions#reconciled},
 * which no stream write can beat, and the period gets one seal ({@link PeriodSeal}) after which the
 * store refuses the stream's writes to its rows, so rows with the right counts are left as they are
 * and a second run for the same period writes no row (only a newer seal).
 */
public final class Reconciler {
    /** Rows per store write (more only when one (ad, minute) alone has more rows). */
    static final int WRITE_BATCH = 50_000;

    private final SparkSession spark;
    private final MinuteRows store;
    private final ReconcileOptions options;
    private final FraudRules rules;
    private final Clock clock;
    private final ConsoleProgress progress;

    /**
     * @param progress where to show progress, or {@code null} for none
     */
    public Reconciler(SparkSession spark, MinuteRows store, ReconcileOptions options, Clock clock, ConsoleProgress progress) {
        this(spark, store, options, options.fraudRules(), clock, progress);
    }

    /** With these fraud rules instead of the options' (tests: rules that configuration does not build). */
    Reconciler(SparkSession spark, MinuteRows store, ReconcileOptions options, FraudRules rules, Clock clock, ConsoleProgress progress) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.spark = Objects.requireNonNull(spark, "spark");
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = progress != null ? progress : new ConsoleProgress(new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * Runs the reconciliation.
     *
     * @throws ReconcileException for a period that is not closed, a corrupt archive file, or no archive data
     * @throws StoreUnavailableException if the store cannot be read or written (retry the run)
     */
    public ReconcileReport run() throws StoreUnavailableException {
        Instant started = clock.instant();
        Period period = options.period();
        requireClosed(period, started);
        List<String> warnings = new ArrayList<>();
        warnIfPipelineBehind(period, warnings);

        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        progress.step("listing archive files of " + period.label() + " under " + options.archive());
        List<ArchiveFile> files = ArchiveFiles.list(hadoop, options.archive(), period.partitions());
        Duration lookback = options.dedupeLookback();
        Instant lookbackFrom = period.start().minus(lookback);
        List<ArchiveFile> lookbackFiles = lookback.isZero() ? List.of()
                : ArchiveFiles.list(hadoop, options.archive(), Period.hourPartitions(lookbackFrom, period.start()));
        ImpressionArchive impressions = ImpressionArchive.list(hadoop, options.archive(), period, lookbackFrom);
        if (files.isEmpty() && impressions.files().isEmpty() && !options.allowEmpty()) {
            int storedRows = store.rows(period.start().toEpochMilli(), period.end().toEpochMilli()).size();
            throw new ReconcileException(ReconcileException.NO_ARCHIVE_DATA, "no archive data for period " + period.label()
                    + ": no committed files under " + options.archive() + "/" + period.partitions().get(0)
                    + (period.partitions().size() > 1 ? " … " + period.partitions().get(period.partitions().size() - 1) : "")
                    + " nor under " + impressions.root() + ". Check --archive. If the period really had no clicks, run again with --allow-empty"
                    + " (the clicks of the store's " + storedRows + " rows of the period would be set to zero).", null);
        }
        if (!impressions.missingHours().isEmpty()) {
            String w = impressions.missingHours().size() + " of the period's hours have no impression archive (written before"
                    + " impressions were archived, or no impressions): their stored impression counts and reach are kept, not reconciled";
            warnings.add(w);
            progress.step("warning: " + w);
        }

        List<String> paths = files.stream().map(ArchiveFile::path).toList();
        List<String> lookbackPaths = lookbackFiles.stream().map(ArchiveFile::path).toList();
        long records;
        ExactCounts.Result clicks;
        long impressionRecords;
        ImpressionCounts.Result impressionCounts;
        try {
            progress.step("counting " + paths.size() + " archive files (+" + lookbackPaths.size() + " look-back files)");
            ExactCounts exact = new ExactCounts(spark, rules);
            records = paths.isEmpty() ? 0 : exact.records(paths);
            clicks = paths.isEmpty() ? new ExactCounts.Result(List.of(), 0, 0)
                    : exact.compute(paths, lookbackPaths, period.start(), period.end(), lookbackFrom);
            progress.step("counting " + impressions.files().size() + " impression archive files (+" + impressions.lookbackFiles().size()
                    + " look-back files) and the reach of " + impressions.coveredHours().size() + " hours");
            ImpressionCounts counter = new ImpressionCounts(spark);
            impressionRecords = counter.records(impressions.paths());
            impressionCounts = impressions.files().isEmpty() ? new ImpressionCounts.Result(List.of(), List.of(), 0, 0)
                    : counter.compute(impressions.paths(), impressions.lookbackPaths(), period.start(), period.end(), lookbackFrom);
        } catch (Exception e) { // Spark throws the checked SparkException from Scala code
            List<ArchiveFile> all = new ArrayList<>(lookbackFiles);
            all.addAll(impressions.files());
            all.addAll(impressions.lookbackFiles());
            throw CorruptFiles.explain(e, files, all);
        }

        progress.step("reading the store's rows of the period");
        List<MinuteCount> stored = store.rows(period.start().toEpochMilli(), period.end().toEpochMilli());
        List<MinuteCount> exactRows = PeriodRows.combine(clicks.rows(), impressionCounts.rows(), stored, impressions::covers);
        // an old stack without the reach endpoint still reconciles periods that have no impression archive
        List<HourReach> storedReach = impressions.coveredHours().isEmpty() ? List.of()
                : store.reachRows(period.start().toEpochMilli(), period.end().toEpochMilli());
        progress.step("comparing " + exactRows.size() + " exact rows with " + stored.size() + " stored rows, "
                + impressionCounts.reach().size() + " reach sketches with " + storedReach.size() + " stored");
        long version = WriteVersions.reconciled(clock.millis());
        CountsDiff diff = new CountsDiff(exactRows, stored, version);
        ReachDiff reach = new ReachDiff(impressionCounts.reach(), storedReach, impressions.coveredHours()::contains, version);
        progress.step("found " + diff.corrections().size() + " corrections; reach: " + reach.corrections().size() + " corrections");
        if (!options.dryRun()) write(new PeriodSeal(period.start().toEpochMilli(), period.end().toEpochMilli(), version), diff, reach);
        long bytes = files.stream().mapToLong(ArchiveFile::bytes).sum();
        ReconcileReport.RunFacts facts = new ReconcileReport.RunFacts(period, options.archive(), redact(options.store()), paths, bytes,
                lookbackFiles.size(), records, clicks.uniqueClicks(), clicks.suspiciousClicks(), rules.toString(),
                version, options.dryRun(), warnings, started, clock.instant(),
                new ReconcileReport.ImpressionFacts(impressions, impressionRecords, impressionCounts.served(), impressionCounts.rendered()));
        return ReconcileReport.of(facts, diff, reach);
    }

    /**
     * The corrections, then the seal. Usually they fit one batch and go with the seal in one
     * {@link MinuteRows#seal} call (one transaction in DuckDB); more (a store the stream never
     * wrote) go in batches before it. A failure half-way leaves the period unsealed, with the rows
     * written so far protected by their version, and is repaired by running again.
     */
    private void write(PeriodSeal seal, CountsDiff diff, ReachDiff reach) throws StoreUnavailableException {
        progress.step("writing " + diff.corrections().size() + " corrections"
                + (diff.carried() > 0 ? " (+" + diff.carried() + " unchanged rows of their keys)" : "")
                + " and " + reach.corrections().size() + " reach corrections, and the " + seal);
        // a key's total and breakdown rows in one call: the store writes a call atomically
        List<List<MinuteCount>> batches = KeyBatches.of(diff.writes(), WRITE_BATCH);
        for (int i = 0; i < batches.size() - 1; i++) store.upsert(batches.get(i));
        List<HourReach> sketches = reach.writes();
        for (int i = 0; i + WRITE_BATCH < sketches.size(); i += WRITE_BATCH) store.upsertReach(sketches.subList(i, i + WRITE_BATCH));
        int lastReach = sketches.isEmpty() ? 0 : (sketches.size() - 1) / WRITE_BATCH * WRITE_BATCH;
        store.seal(seal, batches.isEmpty() ? List.of() : batches.get(batches.size() - 1), sketches.subList(lastReach, sketches.size()));
    }

    private void requireClosed(Period period, Instant now) {
        PeriodClosing c = options.closing();
        Instant closedAt = period.closedAt(c);
        if (now.isBefore(closedAt)) {
            long secs = Duration.between(now, closedAt).toSeconds() + 1;
            throw new ReconcileException(ReconcileException.NOT_CLOSED, "period " + period.label() + " is not closed yet: it ends at "
                    + period.end() + ", and with allowed lateness " + c.allowedLateness().toSeconds() + " s, checkpoint interval "
                    + c.checkpointInterval().toSeconds() + " s and safety margin " + c.safetyMargin().toSeconds()
                    + " s it can be reconciled from " + closedAt + " (in " + human(secs) + ").", null);
        }
    }

    /** A pipeline whose watermark has not passed the period may still archive clicks of it. */
    private void warnIfPipelineBehind(Period period, List<String> warnings) {
        try {
            Optional<PipelineStatus> st = store.status(Duration.ofDays(1).toMillis());
            long needed = period.end().plus(options.allowedLateness()).toEpochMilli();
            if (st.isPresent() && st.get().watermark() < needed) {
                String w = "the pipeline's watermark (" + Instant.ofEpochMilli(st.get().watermark()) + ") has not passed "
                        + Instant.ofEpochMilli(needed) + ": if it is catching up, clicks of this period may still be archived later;"
                        + " run reconcile again for this period once it has caught up";
                warnings.add(w);
                progress.step("warning: " + w);
            }
        } catch (StoreUnavailableException | RuntimeException e) {
            // the status is advisory; a store without one (or an old stack) does not stop reconciliation
        }
    }

    private static String human(long secs) {
        return secs >= 3600 ? (secs / 3600) + " h " + (secs % 3600 / 60) + " min" : secs >= 60 ? (secs / 60) + " min " + (secs % 60) + " s" : secs + " s";
    }

    /** Store locations may carry credentials (ClickHouse user:password@). */
    private static String redact(String location) {
        return location == null ? null : location.replaceAll("//[^/@]+@", "//***@");
    }
}
