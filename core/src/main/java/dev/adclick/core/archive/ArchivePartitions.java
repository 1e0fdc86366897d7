package dev.adclick.core.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The archive's partition layout: {@code dt=YYYY-MM-DD/hour=HH} (UTC) by the click's event time,
 * under the archive root; the writer buckets by it and the reader selects periods by it.
 */
public final class ArchivePartitions {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    private ArchivePartitions() {}

    /** The partition of an epoch-millis timestamp, e.g. {@code dt=2025-11-28/hour=00}. */
    public static String of(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }
}
