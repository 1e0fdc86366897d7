package dev.adclick.aggregator.archive;

import org.apache.avro.Schema;
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
 * Writes archived messages as Parquet rows with the columns of an {@link ArchiveSchema} (one per
 * fact: clicks, impressions), through a generic Avro schema built from it.
 *
 * <p>Without Hadoop: a plain Parquet configuration and Flink's own output stream, so the job jar
 * needs no Hadoop on the classpath. Pages are dictionary-encoded but not compressed: every
 * compression codec of parquet-hadoop loads Hadoop classes.
 */
public final class ParquetArchiveWriterFactory<C extends Enum<C>, M> implements BulkWriter.Factory<M> {
    private static final long serialVersionUID = 1L;

    private final ArchiveSchema<C, M> columns;
    private final String schemaJson;

    public ParquetArchiveWriterFactory(ArchiveSchema<C, M> columns) {
        this.columns = columns;
        this.schemaJson = columns.avroSchema().toString();
    }

    @Override
    public BulkWriter<M> create(FSDataOutputStream out) throws IOException {
        Schema schema = new Schema.Parser().parse(schemaJson);
        BulkWriter<GenericRecord> parquet = new ParquetWriterFactory<GenericRecord>(file -> AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .build()).create(out);
        return new Writer(parquet, schema);
    }

    /** Converts each message to a generic record, column by column, and hands it to Parquet. */
    private final class Writer implements BulkWriter<M> {
        private final BulkWriter<GenericRecord> parquet;
        private final Schema schema;

        Writer(BulkWriter<GenericRecord> parquet, Schema schema) {
            this.parquet = parquet;
            this.schema = schema;
        }

        @Override
        public void addElement(M message) throws IOException {
            GenericData.Record r = new GenericData.Record(schema);
            int i = 0;
            for (C c : columns.columns()) r.put(i++, columns.valueOf(c, message));
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
