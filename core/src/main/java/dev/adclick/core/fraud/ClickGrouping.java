package dev.adclick.core.fraud;

import dev.adclick.core.archive.ArchiveColumn;
import dev.adclick.core.click.Click;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link CountRule} groups deduplicated clicks. Every grouping is per UTC minute and
 * ip_hash (the stream keys its fraud stage by ip_hash), optionally refined by more columns. A
 * group's flag covers all clicks of the ip_hash on each ad it contains: the unit that is flagged
 * is always (ip_hash, ad, minute), see {@link FraudRules}.
 */
public enum ClickGrouping {
    /** Per (ip_hash, ad, minute): the flagged unit itself. */
    PER_IP_PER_AD(List.of(ArchiveColumn.IP_HASH, ArchiveColumn.AD_ID)),
    /** Per (ip_hash, minute), across ads. */
    PER_IP(List.of(ArchiveColumn.IP_HASH));

    private final List<ArchiveColumn> columns;

    ClickGrouping(List<ArchiveColumn> columns) {
        this.columns = columns;
    }

    /** The archive columns the group is keyed by, besides the minute. */
    public List<ArchiveColumn> columns() {
        return columns;
    }

    /** The group of a click: its minute and its values of {@link #columns()}. */
    public List<Object> groupOf(Click c) {
        List<Object> key = new ArrayList<>(columns.size() + 1);
        key.add(c.minute());
        for (ArchiveColumn col : columns) key.add(col.valueOf(c, -1, -1));
        return key;
    }

    /** Whether groups are exactly the flagged units (ip_hash, ad, minute). */
    public boolean isFlagUnit() {
        return this == PER_IP_PER_AD;
    }

    /**
     * The size of this grouping's group, from the two tallies the stream keeps per ip_hash and minute.
     *
     * @param clicksOnAd      clicks of the ip_hash on the ad in the minute
     * @param clicksAcrossAds clicks of the ip_hash on all ads in the minute
     */
    public long countOf(long clicksOnAd, long clicksAcrossAds) {
        return switch (this) {
            case PER_IP_PER_AD -> clicksOnAd;
            case PER_IP -> clicksAcrossAds;
        };
    }
}
