package dev.adclick.core.archive;

import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;

import java.util.List;

/**
 * The columns of the raw impression archive's Parquet files ({@code <archive>/impressions/dt=…/hour=…},
 * {@link #DIRECTORY}), in file order: the one definition the aggregator writes and reconciliation
 * reads, as {@link ArchiveColumn} is for clicks. The types are {@link ArchiveColumn.Type}'s, so both
 * archives map to Avro and Spark the same way. Never rename or retype a column, only add nullable ones.
 */
public enum ImpressionArchiveColumn {
    IMPRESSION_ID("impression_id", ArchiveColumn.Type.STRING, false),
    AD_ID("ad_id", ArchiveColumn.Type.STRING, false),
    /** {@code served} or {@code rendered} ({@link ImpressionKind#json()}). */
    KIND("kind", ArchiveColumn.Type.STRING, false),
    TS("ts", ArchiveColumn.Type.LONG, false),
    PLACEMENT("placement", ArchiveColumn.Type.STRING, true),
    COUNTRY("country", ArchiveColumn.Type.STRING, true),
    DEVICE("device", ArchiveColumn.Type.STRING, true),
    IP_HASH("ip_hash", ArchiveColumn.Type.STRING, true),
    UA_HASH("ua_hash", ArchiveColumn.Type.STRING, true),
    /** Kafka partition the event was read from; -1 when not known. */
    PARTITION("partition", ArchiveColumn.Type.INT, false),
    /** Kafka offset the event was read from; -1 when not known. */
    OFFSET("offset", ArchiveColumn.Type.LONG, false);

    /** The impression archive's directory under the archive root; the click archive stays at the root. */
    public static final String DIRECTORY = "impressions";
    /** Every column, in file order. */
    public static final List<ImpressionArchiveColumn> ALL = List.of(values());
    /** What counting and reach need: dedupe id (id + kind), minute, user, the breakdown rows' dimensions. */
    public static final List<ImpressionArchiveColumn> COUNTING = List.of(IMPRESSION_ID, AD_ID, KIND, TS, IP_HASH, UA_HASH,
            PLACEMENT, COUNTRY, DEVICE);

    private final String column;
    private final ArchiveColumn.Type type;
    private final boolean nullable;

    ImpressionArchiveColumn(String column, ArchiveColumn.Type type, boolean nullable) {
        this.column = column;
        this.type = type;
        this.nullable = nullable;
    }

    public String column() { return column; }
    public ArchiveColumn.Type type() { return type; }
    public boolean nullable() { return nullable; }

    /** The value of this column for an event read from (partition, offset); boxed as the type says. */
    public Object valueOf(Impression i, int partition, long offset) {
        return switch (this) {
            case IMPRESSION_ID -> i.getImpressionId();
            case AD_ID -> i.getAdId();
            case KIND -> i.getKind().json();
            case TS -> i.getTs();
            case PLACEMENT -> i.getPlacement();
            case COUNTRY -> i.getCountry();
            case DEVICE -> i.getDevice();
            case IP_HASH -> i.getIpHash();
            case UA_HASH -> i.getUaHash();
            case PARTITION -> partition;
            case OFFSET -> offset;
        };
    }
}
