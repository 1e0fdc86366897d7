package dev.adclick.reconcile.compute;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of an archive Parquet file that reconciliation reads (written by the aggregator).
 * Reading with this explicit schema ignores any extra column (e.g. Kafka partition and offset).
 */
public final class ArchiveSchema {
    public static final String CLICK_ID = "click_id";
    public static final String AD_ID = "ad_id";
    public static final String IMPRESSION_ID = "impression_id";
    public static final String TS = "ts";
    public static final String IP_HASH = "ip_hash";
    public static final String UA_HASH = "ua_hash";
    public static final String VERIFIED = "verified";

    /** All archive columns, as the aggregator writes them. */
    public static final StructType FULL = new StructType()
            .add(CLICK_ID, DataTypes.StringType, false)
            .add(AD_ID, DataTypes.StringType, false)
            .add(IMPRESSION_ID, DataTypes.StringType, true)
            .add(TS, DataTypes.LongType, false)
            .add(IP_HASH, DataTypes.StringType, true)
            .add(UA_HASH, DataTypes.StringType, true)
            .add(VERIFIED, DataTypes.BooleanType, false);

    /** What counting needs (Parquet reads only these columns). */
    public static final StructType COUNTING = new StructType()
            .add(CLICK_ID, DataTypes.StringType, true)
            .add(AD_ID, DataTypes.StringType, true)
            .add(TS, DataTypes.LongType, true)
            .add(IP_HASH, DataTypes.StringType, true)
            .add(VERIFIED, DataTypes.BooleanType, true);

    private ArchiveSchema() {}
}
