package dev.adclick.ingest;

import dev.adclick.ingest.internal.spool.SegmentFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Segment files on the real file system that fail like a full disk while {@link #fill()}ed. */
final class TestingFullDisk implements SegmentFiles {
    private final SegmentFiles real = SegmentFiles.fileSystem();
    private volatile boolean full;

    void fill() {
        full = true;
    }

    void free() {
        full = false;
    }

    private void check() throws IOException {
        if (full) throw new IOException("No space left on device");
    }

    @Override
    public SegmentFile create(Path path) throws IOException {
        check();
        SegmentFile file = real.create(path);
        return new SegmentFile() {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                check();
                file.write(src, position);
            }

            @Override
            public void force() throws IOException {
                check();
                file.force();
            }

            @Override
            public void truncate(long size) throws IOException {
                file.truncate(size);
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }
}
