package dev.adclick.ingest.internal.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a spool directory holds when it is opened: truncates torn or corrupt tails (CRC per
 * record), deletes segments whose records are all acknowledged, and registers the others.
 */
final class SpoolRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

    /**
     * @param nextSeq  the sequence number the writer continues with
     * @param unacked  records on disk after the acknowledged position
     */
    record Recovered(long nextSeq, long unacked) {}

    private SpoolRecovery() {}

    static Recovered recover(Path dir, SpoolSegments segments, long acked) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(SpoolSegments::isSegment).forEach(files::add);
        }
        files.sort((a, b) -> Long.compare(SpoolSegments.firstSeqOf(a), SpoolSegments.firstSeqOf(b)));
        long lastSeq = -1;
        long unacked = 0;
        for (Path f : files) {
            long first = SpoolSegments.firstSeqOf(f);
            ScanResult r = scan(f, Math.max(first, lastSeq + 1));
            if (r.lastSeq < 0 || r.lastSeq <= acked) {
                Files.deleteIfExists(f);
                lastSeq = Math.max(lastSeq, r.lastSeq);
                continue;
            }
            segments.register(first, f);
            segments.addBytes(r.validBytes);
            lastSeq = r.lastSeq;
            unacked += r.recordsAfter(acked);
        }
        return new Recovered(Math.max(lastSeq, acked) + 1, unacked);
    }

    /** Reads a segment, truncating it at the first torn or corrupt record. */
    private static ScanResult scan(Path f, long minSeq) throws IOException {
        ScanResult r = new ScanResult();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer in = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16));
            while (in.hasRemaining() && ch.read(in) >= 0) { /* fill */ }
            in.flip();
            long expected = minSeq;
            String problem = null;
            while (in.hasRemaining()) {
                int at = in.position();
                SpoolRecord rec;
                try {
                    rec = SpoolFormat.decode(in);
                } catch (SpoolFormat.CorruptRecordException e) {
                    problem = e.getMessage();
                    in.position(at);
                    break;
                }
                if (rec == null) {
                    problem = "incomplete record";
                    break;
                }
                if (rec.seq() < expected) {
                    problem = "sequence goes back (" + rec.seq() + " after " + (expected - 1) + ")";
                    in.position(at);
                    break;
                }
                r.add(rec.seq());
                expected = rec.seq() + 1;
            }
            r.validBytes = in.position();
            if (r.validBytes < size) {
                LOG.warn("Spool segment {}: {} at byte {}; truncating {} bytes (a crash during a write leaves this)",
                        f.getFileName(), problem, r.validBytes, size - r.validBytes);
                ch.truncate(r.validBytes);
                ch.force(true);
            }
        }
        return r;
    }

    private static final class ScanResult {
        long lastSeq = -1;
        long validBytes;
        private final List<Long> seqs = new ArrayList<>();

        void add(long seq) {
            seqs.add(seq);
            lastSeq = seq;
        }

        long recordsAfter(long acked) {
            return seqs.stream().filter(s -> s > acked).count();
        }
    }
}
