package dev.adclick.core.archive;

import dev.adclick.core.click.Click;

import java.util.List;

/**
 * The columns of the raw click archive's Parquet files, in file order: the one definition that
 * the aggregator writes (Avro schema) and reconciliation reads (Spark schema). Names and types
 * are those of files already written; never rename or retype a column, only add nullable ones.
 */
public enum ArchiveColumn {
    CLICK_ID("click_id", Type.STRING, false),
    AD_ID("ad_id", Type.STRING, false),
    IMPRESSION_ID("impression_id", Type.STRING, true),
    TS("ts", Type.LONG, false),
    IP_HASH("ip_hash", Type.STRING, true),
    UA_HASH("ua_hash", Type.STRING, true),
    VERIFIED("verified", Type.BOOLEAN, false),
    /** Kafka partition the click was read from; -1 when not known (too-late copies). */
    PARTITION("partition", Type.INT, false),
    /** Kafka offset the click was read from; -1 when not known. */
    OFFSET("offset", Type.LONG, false),
    /** The dimensions (issue 13), as on the topic: null when the click had none; files written before them lack the columns (read as null). */
    PLACEMENT("placement", Type.STRING, true),
    COUNTRY("country", Type.STRING, true),
    DEVICE("device", Type.STRING, true);

    /** Physical types; each backend maps them (Avro on write, Spark on read). */
    public enum Type { STRING, LONG, INT, BOOLEAN }

    /** Every column, in file order. */
    public static final List<ArchiveColumn> ALL = List.of(values());
    /** The columns of the click itself (without where it was read from). */
    public static final List<ArchiveColumn> CLICK = List.of(CLICK_ID, AD_ID, IMPRESSION_ID, TS, IP_HASH, UA_HASH, VERIFIED,
            PLACEMENT, COUNTRY, DEVICE);
    /** What counting needs: dedupe, minute, fraud groups and rules, verified, the breakdown rows' dimensions. */
    public static final List<ArchiveColumn> COUNTING = List.of(CLICK_ID, AD_ID, TS, IP_HASH, VERIFIED, PLACEMENT, COUNTRY, DEVICE);

    private final String column;
    private final Type type;
    private final boolean nullable;

    ArchiveColumn(String column, Type type, boolean nullable) {
        this.column = column;
        this.type = type;
        this.nullable = nullable;
    }

    public String column() { return column; }
    public Type type() { return type; }
    public boolean nullable() { return nullable; }

    /** The value of this column for a click read from (partition, offset); boxed as the type says. */
    public Object valueOf(Click c, int partition, long offset) {
        return switch (this) {
            case CLICK_ID -> c.getClickId();
            case AD_ID -> c.getAdId();
            case IMPRESSION_ID -> c.getImpressionId();
            case TS -> c.getTs();
            case IP_HASH -> c.getIpHash();
            case UA_HASH -> c.getUaHash();
            case VERIFIED -> c.isVerified();
            case PARTITION -> partition;
            case OFFSET -> offset;
            case PLACEMENT -> c.getPlacement();
            case COUNTRY -> c.getCountry();
            case DEVICE -> c.getDevice();
        };
    }

    /** Sets this column's value on a click being read back; columns not of the click are ignored. */
    public void setOn(Click c, Object value) {
        switch (this) {
            case CLICK_ID -> c.setClickId((String) value);
            case AD_ID -> c.setAdId((String) value);
            case IMPRESSION_ID -> c.setImpressionId((String) value);
            case TS -> c.setTs(value == null ? 0 : ((Number) value).longValue());
            case IP_HASH -> c.setIpHash((String) value);
            case UA_HASH -> c.setUaHash((String) value);
            case VERIFIED -> c.setVerified(value != null && (Boolean) value);
            case PLACEMENT -> c.setPlacement((String) value);
            case COUNTRY -> c.setCountry((String) value);
            case DEVICE -> c.setDevice((String) value);
            case PARTITION, OFFSET -> { }
        }
    }
}
