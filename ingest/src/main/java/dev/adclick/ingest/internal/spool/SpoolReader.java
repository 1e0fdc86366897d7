package dev.adclick.ingest.internal.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads spool records in order, across segments, while the writer appends. It only returns records
 * the writer has published ({@link ClickSpool#writtenSeq()}), so it never sees a half-written one.
 * Used by one thread (the sender).
 */
public final class SpoolReader implements Closeable {
    private final ClickSpool spool;
    private long lastSeq;
    private long segmentFirst = Long.MIN_VALUE;
    private FileChannel channel;
    /** File offset of the byte after the buffer's limit. */
    private long fileOffset;
    private ByteBuffer buf = ByteBuffer.allocate(256 << 10).flip();

    SpoolReader(ClickSpool spool, long afterSeq) {
        this.spool = spool;
        this.lastSeq = afterSeq;
    }

    /**
     * @return the next record, or null if none is written yet
     * @throws IOException if a segment cannot be read or holds a corrupt record
     */
    public SpoolRecord next() throws IOException {
        while (lastSeq < spool.writtenSeq()) {
            if (channel == null && !open(spool.segmentFor(lastSeq + 1))) return null;
            SpoolRecord r = readRecord();
            if (r == null) {
                if (fileOffset >= channel.size() && !buf.hasRemaining()) {
                    if (!open(spool.segmentAfter(segmentFirst))) return null; // next segment not registered yet
                    continue;
                }
                return null;
            }
            if (r.seq() <= lastSeq) continue; // before the starting point, or acknowledged already
            lastSeq = r.seq();
            return r;
        }
        return null;
    }

    private SpoolRecord readRecord() throws IOException {
        while (true) {
            try {
                SpoolRecord r = SpoolFormat.decode(buf);
                if (r != null) return r;
            } catch (SpoolFormat.CorruptRecordException e) {
                throw new IOException("corrupt spool record in segment " + segmentFirst + " near byte "
                        + (fileOffset - buf.remaining()) + ": " + e.getMessage());
            }
            if (!fill()) return null;
        }
    }

    /** Moves unread bytes to the front and reads more; grows the buffer for a record bigger than it. */
    private boolean fill() throws IOException {
        if (buf.remaining() >= SpoolFormat.HEADER) {
            int need = SpoolFormat.HEADER + buf.getInt(buf.position());
            if (need > buf.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.min(need, SpoolFormat.MAX_BODY + SpoolFormat.HEADER) * 2);
                bigger.put(buf).flip();
                buf = bigger;
            }
        }
        buf.compact();
        int n = channel.read(buf, fileOffset);
        buf.flip();
        if (n <= 0) return false;
        fileOffset += n;
        return true;
    }

    private boolean open(Map.Entry<Long, Path> segment) throws IOException {
        if (segment == null) return false;
        closeChannel();
        try {
            channel = FileChannel.open(segment.getValue(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false; // deleted between lookup and open: all acknowledged, the caller looks again
        }
        segmentFirst = segment.getKey();
        fileOffset = 0;
        buf.clear().flip();
        return true;
    }

    private void closeChannel() throws IOException {
        if (channel != null) channel.close();
        channel = null;
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }
}
