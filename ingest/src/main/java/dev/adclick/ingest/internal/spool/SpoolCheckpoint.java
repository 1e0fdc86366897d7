package dev.adclick.ingest.internal.spool;

import dev.adclick.ingest.SpoolFsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The spool's {@code acked.seq} file: the last sequence number Kafka acknowledged, replaced
 * atomically (write a temporary file, rename).
 */
final class SpoolCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolCheckpoint.class);
    private static final String FILE = "acked.seq";

    private final Path dir;
    private final SpoolFsync fsync;

    SpoolCheckpoint(Path dir, SpoolFsync fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    /** The stored position, or -1 if there is none or it cannot be read. */
    long read() {
        Path p = dir.resolve(FILE);
        if (!Files.exists(p)) return -1;
        try {
            return Long.parseLong(Files.readString(p, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            // Losing the checkpoint only means resending acknowledged records (duplicates, never loss).
            LOG.warn("Spool checkpoint {} unreadable ({}); resending everything in the spool", p, e.getMessage());
            return -1;
        }
    }

    void write(long seq) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((seq + "\n").getBytes(StandardCharsets.US_ASCII)));
            if (fsync != SpoolFsync.NEVER) ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
