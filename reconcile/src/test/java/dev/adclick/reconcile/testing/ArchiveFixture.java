package dev.adclick.reconcile.testing;

import dev.adclick.core.archive.ArchiveColumn;
import dev.adclick.core.archive.ImpressionArchiveColumn;
import dev.adclick.core.click.Click;
import dev.adclick.core.impression.Impression;
import dev.adclick.reconcile.compute.ArchiveSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Writes events as the aggregator archives them: Parquet under {@code <root>/dt=YYYY-MM-DD/hour=HH/}
 * by each event's own ts, one file per hour partition, with the columns of the archive's definition
 * ({@link ArchiveColumn} for clicks at the root, {@link ImpressionArchiveColumn} for impressions
 * under {@code impressions/}).
 */
public final class ArchiveFixture {
    /** The click columns plus Kafka partition/offset columns under other names, which the job must ignore. */
    static final StructType WITH_EXTRAS = ArchiveSchema.FULL
            .add("kafka_partition", DataTypes.IntegerType, true)
            .add("kafka_offset", DataTypes.LongType, true);

    /** The columns added with the dimensions (issue 13): absent from files written before. */
    public static final List<ArchiveColumn> DIMENSION_COLUMNS = List.of(ArchiveColumn.PLACEMENT, ArchiveColumn.COUNTRY, ArchiveColumn.DEVICE);

    private ArchiveFixture() {}

    /** Appends the clicks to the archive at {@code root} (local path or s3a:// URI). */
    public static void write(SparkSession spark, String root, List<Click> clicks) {
        writeByHour(spark, root, clicks, Click::getTs, WITH_EXTRAS, (c, offset) -> Stream.concat(
                ArchiveColumn.CLICK.stream().map(col -> col.valueOf(c, 0, offset)), Stream.of(0, offset)).toArray());
    }

    /**
     * Appends the clicks as files written before the dimension columns existed: every click column
     * but placement, country and device (whatever the clicks hold there is not written).
     */
    public static void writeOldLayout(SparkSession spark, String root, List<Click> clicks) {
        List<ArchiveColumn> old = ArchiveColumn.CLICK.stream().filter(c -> !DIMENSION_COLUMNS.contains(c)).toList();
        StructType schema = new StructType();
        for (ArchiveColumn c : old) schema = schema.add(ArchiveSchema.FULL.apply(c.column()));
        writeByHour(spark, root, clicks, Click::getTs, schema, (c, offset) -> old.stream().map(col -> col.valueOf(c, 0, offset)).toArray());
    }

    /** Appends the impressions to the impression archive under the archive root {@code root}, every column of {@link ImpressionArchiveColumn#ALL}. */
    public static void writeImpressions(SparkSession spark, String root, List<Impression> impressions) {
        writeByHour(spark, root + "/" + ImpressionArchiveColumn.DIRECTORY, impressions, Impression::getTs, ArchiveSchema.IMPRESSIONS_FULL,
                (i, offset) -> ImpressionArchiveColumn.ALL.stream().map(col -> col.valueOf(i, 0, offset)).toArray());
    }

    /**
     * Appends raw rows (values in {@link ImpressionArchiveColumn#ALL} order, any of them null or
     * of a kind that does not exist) to one partition of the impression archive: malformed input.
     */
    public static void writeMalformedImpressions(SparkSession spark, String root, String partition, List<Object[]> rows) {
        StructType nullable = new StructType(Arrays.stream(ArchiveSchema.IMPRESSIONS_FULL.fields())
                .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new));
        spark.createDataFrame(rows.stream().map(RowFactory::create).toList(), nullable).coalesce(1)
                .write().mode(SaveMode.Append).parquet(root + "/" + ImpressionArchiveColumn.DIRECTORY + "/" + partition);
    }

    /** Values of one event's row in schema order, given the event and its (fake) Kafka offset. */
    private interface RowValues<T> {
        Object[] of(T event, long offset);
    }

    private static <T> void writeByHour(SparkSession spark, String root, List<T> events, ToLongFunction<T> ts, StructType schema,
                                        RowValues<T> values) {
        Map<String, List<Row>> byPartition = new TreeMap<>();
        long offset = 0;
        for (T e : events) {
            byPartition.computeIfAbsent(partitionOf(ts.applyAsLong(e)), k -> new ArrayList<>()).add(RowFactory.create(values.of(e, offset++)));
        }
        byPartition.forEach((partition, rows) -> spark.createDataFrame(rows, schema).coalesce(1)
                .write().mode(SaveMode.Append).parquet(root + "/" + partition));
    }

    /** {@code dt=YYYY-MM-DD/hour=HH} of an event time. */
    public static String partitionOf(long ts) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC);
        return String.format("dt=%s/hour=%02d", t.toLocalDate(), t.getHour());
    }
}
