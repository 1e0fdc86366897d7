package dev.adclick.reconcile.archive;

import dev.adclick.core.archive.ArchivePartitions;
import dev.adclick.core.archive.ImpressionArchiveColumn;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reconcile.Period;
import dev.adclick.reconcile.archive.ArchiveFiles.ArchiveFile;
import org.apache.hadoop.conf.Configuration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The impression archive of a period ({@code <archive>/impressions/dt=…/hour=…}) and the hours it
 * covers. An hour without any committed impression file has no truth to offer: archives written
 * before impressions were archived have none, so reconciliation keeps that hour's stored impression
 * counts and reach rather than zeroing them. An hour with files is the truth, including its zeros.
 *
 * @param root          the impression archive's root
 * @param files         committed files of the period's partitions
 * @param lookbackFiles committed files of the look-back partitions
 * @param coveredHours  starts of the period's UTC hours (epoch ms) that have files
 * @param missingHours  starts of the period's UTC hours without files
 */
public record ImpressionArchive(String root, List<ArchiveFile> files, List<ArchiveFile> lookbackFiles,
                                Set<Long> coveredHours, List<Long> missingHours) {

    /** Lists the impression archive under the archive root {@code archive}. */
    public static ImpressionArchive list(Configuration hadoop, String archive, Period period, Instant lookbackFrom) {
        String root = (archive.endsWith("/") ? archive : archive + "/") + ImpressionArchiveColumn.DIRECTORY;
        Map<String, List<ArchiveFile>> byPartition = ArchiveFiles.byPartition(hadoop, root, period.partitions());
        List<ArchiveFile> files = new ArrayList<>();
        SortedSet<Long> covered = new TreeSet<>();
        List<Long> missing = new ArrayList<>();
        for (long h = period.start().toEpochMilli(); h < period.end().toEpochMilli(); h += HourReach.HOUR_MS) {
            List<ArchiveFile> inHour = byPartition.get(ArchivePartitions.of(h));
            if (inHour == null) {
                missing.add(h);
            } else {
                covered.add(h);
                files.addAll(inHour);
            }
        }
        List<ArchiveFile> lookback = lookbackFrom.isBefore(period.start())
                ? ArchiveFiles.list(hadoop, root, Period.hourPartitions(lookbackFrom, period.start())) : List.of();
        return new ImpressionArchive(root, List.copyOf(files), lookback, Collections.unmodifiableSortedSet(covered), List.copyOf(missing));
    }

    /** Whether the archive holds the truth about impressions at {@code ts} (its hour has files). */
    public boolean covers(long ts) {
        return coveredHours.contains(HourReach.hourOf(ts));
    }

    public List<String> paths() {
        return files.stream().map(ArchiveFile::path).toList();
    }

    public List<String> lookbackPaths() {
        return lookbackFiles.stream().map(ArchiveFile::path).toList();
    }

    public long bytes() {
        return files.stream().mapToLong(ArchiveFile::bytes).sum();
    }
}
