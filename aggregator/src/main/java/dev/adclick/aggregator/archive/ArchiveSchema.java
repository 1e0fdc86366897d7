package dev.adclick.aggregator.archive;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.KafkaImpression;
import dev.adclick.core.archive.ArchiveColumn;
import dev.adclick.core.archive.ImpressionArchiveColumn;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

import java.io.Serializable;
import java.util.List;

/**
 * One fact's archive columns as the Parquet writer needs them: the columns' definition stays in
 * core ({@link ArchiveColumn} for clicks, {@link ImpressionArchiveColumn} for impressions, the
 * lists reconciliation reads); this only says how to read each column's name, type and value.
 *
 * @param <C> the fact's column enum
 * @param <M> what is archived (the message with where it was read from)
 */
public final class ArchiveSchema<C extends Enum<C>, M> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A column's name, physical type and whether it may be null. */
    public record Column(String name, ArchiveColumn.Type type, boolean nullable) {}

    /** How to describe a column of the enum. */
    public interface Describe<C> extends Serializable {
        Column of(C column);
    }

    /** The value of a column for an archived message; boxed as the column's type says. */
    public interface Value<C, M> extends Serializable {
        Object of(C column, M message);
    }

    /** The click archive at the archive root. */
    public static final ArchiveSchema<ArchiveColumn, KafkaClick> CLICKS = new ArchiveSchema<>(
            // the record name files written before impressions carried (Avro metadata only; readers go by column)
            "dev.adclick.aggregator.records.ArchivedClick", ArchiveColumn.ALL,
            c -> new Column(c.column(), c.type(), c.nullable()),
            (c, k) -> c.valueOf(k.getClick(), k.getPartition(), k.getOffset()));

    /** The impression archive under {@link ImpressionArchiveColumn#DIRECTORY}. */
    public static final ArchiveSchema<ImpressionArchiveColumn, KafkaImpression> IMPRESSIONS = new ArchiveSchema<>(
            "dev.adclick.aggregator.records.ArchivedImpression", ImpressionArchiveColumn.ALL,
            c -> new Column(c.column(), c.type(), c.nullable()),
            (c, k) -> c.valueOf(k.getImpression(), k.getPartition(), k.getOffset()));

    private final String recordName;
    private final List<C> columns;
    private final Describe<C> describe;
    private final Value<C, M> value;

    ArchiveSchema(String recordName, List<C> columns, Describe<C> describe, Value<C, M> value) {
        this.recordName = recordName;
        this.columns = List.copyOf(columns);
        this.describe = describe;
        this.value = value;
    }

    /** The columns in file order. */
    public List<C> columns() {
        return columns;
    }

    Object valueOf(C column, M message) {
        return value.of(column, message);
    }

    /** The Avro schema of the columns, in file order; nullable columns are unions with null. */
    public Schema avroSchema() {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(recordName).fields();
        for (C c : columns) {
            Column col = describe.of(c);
            Schema type = Schema.create(switch (col.type()) {
                case STRING -> Schema.Type.STRING;
                case LONG -> Schema.Type.LONG;
                case INT -> Schema.Type.INT;
                case BOOLEAN -> Schema.Type.BOOLEAN;
            });
            fields = col.nullable()
                    ? fields.name(col.name()).type(Schema.createUnion(Schema.create(Schema.Type.NULL), type)).withDefault(null)
                    : fields.name(col.name()).type(type).noDefault();
        }
        return fields.endRecord();
    }
}
