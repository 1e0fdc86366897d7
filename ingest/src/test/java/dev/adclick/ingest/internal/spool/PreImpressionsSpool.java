package dev.adclick.ingest.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A spool segment exactly as the release before impressions wrote it, encoded here by hand (not by
 * {@link SpoolFormat}, which it must stay readable by): {@code body_length:i32, crc32c(body):i32,
 * body = seq:i64, appended_micros:i64, key_length:u16, key, value}, in {@code seg-<first seq, 20
 * digits>.log}, and no {@code acked.seq} (nothing acknowledged).
 */
public final class PreImpressionsSpool {
    private PreImpressionsSpool() {}

    /** One record: Kafka key and value. */
    public record OldRecord(byte[] key, byte[] value) {}

    /** Writes the records as sequence numbers 0, 1, … into one segment of {@code dir}. */
    public static void write(Path dir, List<OldRecord> records) throws IOException {
        Files.createDirectories(dir);
        int size = 0;
        for (OldRecord r : records) size += 8 + 18 + r.key().length + r.value().length;
        ByteBuffer out = ByteBuffer.allocate(size);
        long seq = 0;
        for (OldRecord r : records) {
            ByteBuffer body = ByteBuffer.allocate(18 + r.key().length + r.value().length);
            body.putLong(seq++).putLong(1_764_288_000_000_000L + seq).putShort((short) r.key().length).put(r.key()).put(r.value());
            CRC32C crc = new CRC32C();
            crc.update(body.array());
            out.putInt(body.capacity()).putInt((int) crc.getValue()).put(body.array());
        }
        Files.write(dir.resolve(String.format("seg-%020d.log", 0)), out.array());
    }
}
