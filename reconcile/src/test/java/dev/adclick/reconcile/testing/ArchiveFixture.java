package dev.adclick.reconcile.testing;

import dev.adclick.core.click.Click;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.adclick.reconcile.compute.ArchiveSchema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes clicks as the aggregator archives them: Parquet under {@code <root>/dt=YYYY-MM-DD/hour=HH/}
 * by each click's own ts, with the archive columns plus Kafka partition/offset columns the
 * reconcile job must ignore.
 */
public final class ArchiveFixture {
    /** The archive schema plus extra columns, as a real archive may carry. */
    static final StructType WITH_EXTRAS = ArchiveSchema.FULL
            .add("kafka_partition", DataTypes.IntegerType, true)
            .add("kafka_offset", DataTypes.LongType, true);

    private ArchiveFixture() {}

    /** Appends the clicks to the archive at {@code root} (local path or s3a:// URI), one file per hour partition. */
    public static void write(SparkSession spark, String root, List<Click> clicks) {
        Map<String, List<Row>> byPartition = new TreeMap<>();
        long offset = 0;
        for (Click c : clicks) {
            byPartition.computeIfAbsent(partitionOf(c.getTs()), k -> new ArrayList<>())
                    .add(RowFactory.create(c.getClickId(), c.getAdId(), c.getImpressionId(), c.getTs(), c.getIpHash(),
                            c.getUaHash(), c.isVerified(), 0, offset++));
        }
        byPartition.forEach((partition, rows) -> spark.createDataFrame(rows, WITH_EXTRAS).coalesce(1)
                .write().mode(SaveMode.Append).parquet(root + "/" + partition));
    }

    /** {@code dt=YYYY-MM-DD/hour=HH} of an event time. */
    public static String partitionOf(long ts) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC);
        return String.format("dt=%s/hour=%02d", t.toLocalDate(), t.getHour());
    }
}
