package dev.adclick.ingest.internal.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the spool writer creates and writes its segment files: the file system, or in tests one
 * that fails like a full or read-only disk.
 */
public interface SegmentFiles {
    /** Creates (or truncates) the segment file at {@code path}, open for writing. */
    SegmentFile create(Path path) throws IOException;

    /** One segment file open for writing. */
    interface SegmentFile extends Closeable {
        /** Writes all of {@code src} at {@code position}. */
        void write(ByteBuffer src, long position) throws IOException;

        /** fsync of the data (not necessarily the metadata). */
        void force() throws IOException;

        void truncate(long size) throws IOException;
    }

    /** Segment files on the file system, through a {@link FileChannel}. */
    static SegmentFiles fileSystem() {
        return path -> {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return new SegmentFile() {
                @Override
                public void write(ByteBuffer src, long position) throws IOException {
                    long at = position;
                    while (src.hasRemaining()) at += ch.write(src, at);
                }

                @Override
                public void force() throws IOException {
                    ch.force(false);
                }

                @Override
                public void truncate(long size) throws IOException {
                    ch.truncate(size);
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        };
    }
}
