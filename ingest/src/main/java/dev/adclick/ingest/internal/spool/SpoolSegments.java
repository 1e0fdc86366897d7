package dev.adclick.ingest.internal.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The segment files of a spool directory ({@code seg-<first seq>.log}): which exist, in order, how
 * many bytes they hold, and the deletion of those whose records are all acknowledged. Shared by the
 * writer (registers new segments), the readers (look them up) and the sender (deletes).
 */
final class SpoolSegments {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolSegments.class);
    private static final String PREFIX = "seg-";
    private static final String SUFFIX = ".log";

    private final Path dir;
    private final ConcurrentSkipListMap<Long, Path> byFirstSeq = new ConcurrentSkipListMap<>();
    private final AtomicLong diskBytes = new AtomicLong();

    SpoolSegments(Path dir) {
        this.dir = dir;
    }

    /** The file name of the segment whose first record is {@code firstSeq}. */
    Path pathFor(long firstSeq) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, firstSeq, SUFFIX));
    }

    static boolean isSegment(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
    }

    /** The first sequence number a segment file is named after; -1 if the name does not parse. */
    static long firstSeqOf(Path p) {
        String n = p.getFileName().toString();
        try {
            return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void register(long firstSeq, Path p) {
        byFirstSeq.put(firstSeq, p);
    }

    void addBytes(long bytes) {
        diskBytes.addAndGet(bytes);
    }

    long diskBytes() {
        return diskBytes.get();
    }

    /** The segment holding {@code seq}, or the first one if {@code seq} comes before all of them. */
    Map.Entry<Long, Path> segmentFor(long seq) {
        Map.Entry<Long, Path> e = byFirstSeq.floorEntry(seq);
        return e != null ? e : byFirstSeq.firstEntry();
    }

    Map.Entry<Long, Path> segmentAfter(long firstSeq) {
        return byFirstSeq.higherEntry(firstSeq);
    }

    /** Deletes the segments whose records are all at or before {@code acked}; never the last one (the writer's). */
    void deleteAcknowledged(long acked) {
        // A segment is done when the next one starts at or before acked + 1.
        for (Map.Entry<Long, Path> e = byFirstSeq.firstEntry(); e != null; e = byFirstSeq.firstEntry()) {
            Map.Entry<Long, Path> next = byFirstSeq.higherEntry(e.getKey());
            if (next == null || next.getKey() - 1 > acked) break;
            delete(e.getKey(), e.getValue());
        }
    }

    private void delete(long first, Path p) {
        try {
            long size = Files.size(p);
            Files.deleteIfExists(p);
            byFirstSeq.remove(first);
            diskBytes.addAndGet(-size);
        } catch (IOException e) {
            LOG.warn("Could not delete acknowledged spool segment {}: {}", p, e.getMessage());
        }
    }
}
