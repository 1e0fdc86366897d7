package dev.adclick.reconcile.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists the committed Parquet files of archive partitions ({@code <root>/dt=YYYY-MM-DD/hour=HH/}).
 *
 * <p>Only the named partitions are listed, so rejected messages (kept under {@code <root>/rejected/})
 * are never read as clicks. Files the aggregator has not committed yet are hidden: names starting
 * with {@code .} or {@code _} (Flink's in-progress files, Hadoop's {@code .crc} and
 * {@code _SUCCESS}) and names containing {@code .inprogress} are skipped.
 */
public final class ArchiveFiles {
    private ArchiveFiles() {}

    /** One committed file. */
    public record ArchiveFile(String path, long bytes) {}

    /**
     * @param root       archive root URI or path (local directory, {@code file:}, {@code s3a:})
     * @param partitions partition paths relative to the root, e.g. {@code dt=2026-11-27/hour=10}
     * @return the committed files, in partition order then name order; empty if none
     */
    public static List<ArchiveFile> list(Configuration hadoopConf, String root, List<String> partitions) {
        List<ArchiveFile> out = new ArrayList<>();
        byPartition(hadoopConf, root, partitions).values().forEach(out::addAll);
        return out;
    }

    /**
     * @return per partition that holds committed files (in the given order), its files in name order
     */
    public static Map<String, List<ArchiveFile>> byPartition(Configuration hadoopConf, String root, List<String> partitions) {
        Map<String, List<ArchiveFile>> out = new LinkedHashMap<>();
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(hadoopConf);
            for (String p : partitions) {
                Path dir = new Path(rootPath, p);
                FileStatus[] files;
                try {
                    files = fs.listStatus(dir);
                } catch (FileNotFoundException e) {
                    continue; // nothing archived in that hour
                }
                List<FileStatus> sorted = new ArrayList<>(List.of(files));
                sorted.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
                for (FileStatus f : sorted) {
                    if (f.isFile() && isCommitted(f.getPath().getName())) {
                        out.computeIfAbsent(p, k -> new ArrayList<>()).add(new ArchiveFile(f.getPath().toString(), f.getLen()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list archive " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether a file name denotes a committed data file. */
    public static boolean isCommitted(String name) {
        return !name.startsWith(".") && !name.startsWith("_") && !name.contains(".inprogress")
                && !name.endsWith(".crc") && !name.endsWith(".tmp");
    }
}
