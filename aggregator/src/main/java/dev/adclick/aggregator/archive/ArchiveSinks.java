package dev.adclick.aggregator.archive;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.KafkaImpression;
import dev.adclick.aggregator.records.KafkaMessage;
import dev.adclick.aggregator.records.RejectedMessage;
import dev.adclick.core.archive.ImpressionArchiveColumn;
import org.apache.avro.Schema;
import org.apache.avro.reflect.ReflectData;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The raw archive (docs/architecture.md, Data flow): Parquet files written by Flink's {@link FileSink}, bucketed
 * {@code dt=YYYY-MM-DD/hour=HH} (UTC), rolled and committed on every checkpoint.
 *
 * <p>Delivery: exactly-once. Files become visible (renamed from in-progress) only when the
 * checkpoint that covers them completes, and a restore discards uncommitted parts, so every click
 * read is in the archive exactly once. Layout under the archive URI:
 * <ul>
 *   <li>{@code dt=…/hour=…/part-*.parquet} every parsed click (too-late ones included),
 *       bucketed by event time; this is what reconciliation reads</li>
 *   <li>{@code rejected/dt=…/hour=…} messages that were not valid clicks, by Kafka timestamp</li>
 *   <li>{@code too-late/dt=…/hour=…} the clicks that arrived after their minute closed, a copy
 *       for inspection (they are in the main archive too)</li>
 *   <li>{@code impressions/} the same three for the {@code impressions} topic:
 *       {@code impressions/dt=…/hour=…} every parsed impression (what reconciliation reads),
 *       {@code impressions/rejected/…} and {@code impressions/too-late/…}. Rejected impressions
 *       live apart from rejected clicks, so the directory says which topic a message came from
 *       and each fact's tree is complete in itself.</li>
 * </ul>
 */
public final class ArchiveSinks {
    /** Parsed clicks live directly under the archive root (reconciliation reads {@code <root>/dt=…/hour=…}). */
    public static final String CLICKS = "";
    public static final String REJECTED = "rejected";
    public static final String TOO_LATE = "too-late";
    public static final String IMPRESSIONS = ImpressionArchiveColumn.DIRECTORY;
    public static final String IMPRESSIONS_REJECTED = IMPRESSIONS + "/" + REJECTED;
    public static final String IMPRESSIONS_TOO_LATE = IMPRESSIONS + "/" + TOO_LATE;

    private ArchiveSinks() {}

    /** Clicks with the columns of {@code core.archive.ArchiveColumn}, the definition reconciliation reads. */
    public static FileSink<KafkaClick> clicks(String archiveUri, String dir) {
        return events(archiveUri, dir, ArchiveSchema.CLICKS);
    }

    /** Impressions with the columns of {@code core.archive.ImpressionArchiveColumn}, the definition reconciliation reads. */
    public static FileSink<KafkaImpression> impressions(String archiveUri, String dir) {
        return events(archiveUri, dir, ArchiveSchema.IMPRESSIONS);
    }

    private static <C extends Enum<C>, M extends KafkaMessage<?>> FileSink<M> events(String archiveUri, String dir, ArchiveSchema<C, M> schema) {
        return FileSink.forBulkFormat(new Path(join(archiveUri, dir)), new ParquetArchiveWriterFactory<>(schema))
                .withBucketAssigner(new HourBuckets<M>(KafkaMessage::eventTime))
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build())
                .build();
    }

    /** Rejected messages of a topic under {@code dir} ({@link #REJECTED} or {@link #IMPRESSIONS_REJECTED}). */
    public static FileSink<RejectedMessage> rejected(String archiveUri, String dir) {
        return FileSink.forBulkFormat(new Path(join(archiveUri, dir)), writerFactory(RejectedMessage.class))
                .withBucketAssigner(new HourBuckets<RejectedMessage>(RejectedMessage::getKafkaTs))
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build())
                .build();
    }

    /** The Avro schema of the archived type, derived by reflection (snake_case names via {@code @AvroName}, optional columns via {@code @Nullable}). */
    public static Schema schemaOf(Class<?> type) {
        return ReflectData.get().getSchema(type);
    }

    /**
     * Parquet writer without Hadoop: a plain Parquet configuration and Flink's own output
     * stream, so the job jar needs no Hadoop on the classpath. Pages are dictionary-encoded but
     * not compressed: every compression codec of parquet-hadoop loads Hadoop classes.
     */
    static <T> ParquetWriterFactory<T> writerFactory(Class<T> type) {
        String schema = schemaOf(type).toString();
        return new ParquetWriterFactory<>(out -> AvroParquetWriter.<T>builder(out)
                .withSchema(new Schema.Parser().parse(schema))
                .withDataModel(ReflectData.get())
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED) // every codec of parquet-hadoop needs Hadoop classes
                .build());
    }

    static String join(String uri, String dir) {
        if (dir.isEmpty()) return uri;
        return uri.endsWith("/") ? uri + dir : uri + "/" + dir;
    }
}
