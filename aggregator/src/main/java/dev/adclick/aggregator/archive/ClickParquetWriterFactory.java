package dev.adclick.aggregator.archive;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.core.archive.ArchiveColumn;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;

/**
 * Writes clicks as Parquet rows with the columns of {@link ArchiveColumn}, the archive's one
 * definition (reconciliation reads the same list), through a generic Avro schema built from it.
 *
 * <p>Without Hadoop: a plain Parquet configuration and Flink's own output stream, so the job jar
 * needs no Hadoop on the classpath. Pages are dictionary-encoded but not compressed: every
 * compression codec of parquet-hadoop loads Hadoop classes.
 */
public final class ClickParquetWriterFactory implements BulkWriter.Factory<KafkaClick> {
    private static final long serialVersionUID = 1L;
    /** The record name files written before this class carried (Avro metadata only; readers go by column). */
    static final String RECORD_NAME = "dev.adclick.aggregator.records.ArchivedClick";

    private final String schemaJson = schema().toString();

    /** The Avro schema of the archive columns, in file order; nullable columns are unions with null. */
    public static Schema schema() {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(RECORD_NAME).fields();
        for (ArchiveColumn c : ArchiveColumn.ALL) {
            Schema type = Schema.create(switch (c.type()) {
                case STRING -> Schema.Type.STRING;
                case LONG -> Schema.Type.LONG;
                case INT -> Schema.Type.INT;
                case BOOLEAN -> Schema.Type.BOOLEAN;
            });
            fields = c.nullable()
                    ? fields.name(c.column()).type(Schema.createUnion(Schema.create(Schema.Type.NULL), type)).withDefault(null)
                    : fields.name(c.column()).type(type).noDefault();
        }
        return fields.endRecord();
    }

    @Override
    public BulkWriter<KafkaClick> create(FSDataOutputStream out) throws IOException {
        Schema schema = new Schema.Parser().parse(schemaJson);
        BulkWriter<GenericRecord> parquet = new ParquetWriterFactory<GenericRecord>(file -> AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .build()).create(out);
        return new Writer(parquet, schema);
    }

    /** Converts each click to a generic record, column by column, and hands it to Parquet. */
    private static final class Writer implements BulkWriter<KafkaClick> {
        private final BulkWriter<GenericRecord> parquet;
        private final Schema schema;

        Writer(BulkWriter<GenericRecord> parquet, Schema schema) {
            this.parquet = parquet;
            this.schema = schema;
        }

        @Override
        public void addElement(KafkaClick k) throws IOException {
            GenericData.Record r = new GenericData.Record(schema);
            for (ArchiveColumn c : ArchiveColumn.ALL) r.put(c.ordinal(), c.valueOf(k.getClick(), k.getPartition(), k.getOffset()));
            parquet.addElement(r);
        }

        @Override
        public void flush() throws IOException {
            parquet.flush();
        }

        @Override
        public void finish() throws IOException {
            parquet.finish();
        }
    }
}
