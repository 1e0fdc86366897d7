package dev.adclick.reconcile.compute;

import dev.adclick.core.archive.ArchiveColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * Spark schemas of the archive's Parquet files, derived from {@link ArchiveColumn}, the one
 * definition the aggregator writes by. Reading with an explicit schema ignores any extra column.
 */
public final class ArchiveSchema {
    /** The click's columns as the aggregator writes them (nullability as declared). */
    public static final StructType FULL = struct(ArchiveColumn.CLICK, false);

    /** What counting needs (Parquet reads only these columns); all nullable, bad rows are filtered. */
    public static final StructType COUNTING = struct(ArchiveColumn.COUNTING, true);

    private ArchiveSchema() {}

    static StructType struct(List<ArchiveColumn> columns, boolean allNullable) {
        StructType s = new StructType();
        for (ArchiveColumn c : columns) s = s.add(c.column(), sparkType(c), allNullable || c.nullable());
        return s;
    }

    static DataType sparkType(ArchiveColumn c) {
        return switch (c.type()) {
            case STRING -> DataTypes.StringType;
            case LONG -> DataTypes.LongType;
            case INT -> DataTypes.IntegerType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }
}
