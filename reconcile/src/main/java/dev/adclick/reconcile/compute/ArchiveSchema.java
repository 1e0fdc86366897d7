package dev.adclick.reconcile.compute;

import dev.adclick.core.archive.ArchiveColumn;
import dev.adclick.core.archive.ImpressionArchiveColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * Spark schemas of the archives' Parquet files, derived from {@link ArchiveColumn} (clicks) and
 * {@link ImpressionArchiveColumn} (impressions), the definitions the aggregator writes by. Reading
 * with an explicit schema ignores any extra column.
 */
public final class ArchiveSchema {
    /** The click's columns as the aggregator writes them (nullability as declared). */
    public static final StructType FULL = struct(ArchiveColumn.CLICK, false);

    /** What counting needs (Parquet reads only these columns); all nullable, bad rows are filtered. */
    public static final StructType COUNTING = struct(ArchiveColumn.COUNTING, true);

    /** Every impression archive column as the aggregator writes it (nullability as declared). */
    public static final StructType IMPRESSIONS_FULL = impressions(ImpressionArchiveColumn.ALL, false);

    private ArchiveSchema() {}

    static StructType struct(List<ArchiveColumn> columns, boolean allNullable) {
        StructType s = new StructType();
        for (ArchiveColumn c : columns) s = s.add(c.column(), sparkType(c.type()), allNullable || c.nullable());
        return s;
    }

    static StructType impressions(List<ImpressionArchiveColumn> columns, boolean allNullable) {
        StructType s = new StructType();
        for (ImpressionArchiveColumn c : columns) s = s.add(c.column(), sparkType(c.type()), allNullable || c.nullable());
        return s;
    }

    static DataType sparkType(ArchiveColumn.Type type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case LONG -> DataTypes.LongType;
            case INT -> DataTypes.IntegerType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }
}
