package dev.adclick.aggregator.functions;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;

import java.util.Arrays;

/**
 * Per-minute state of one breakdown row: its dimension values (as {@link Dimensions#of} normalised
 * them) and its absolute counts, a {@code long[]} in {@link CountColumn} order (extended with zeros
 * when a column was added after it was written). A flat Flink POJO, see {@link MinuteTotals}.
 */
public class RowCounts {
    private String placement;
    private String country;
    private String device;
    private long[] counts;

    public RowCounts() {}

    RowCounts(Dimensions dims) {
        placement = dims.placement();
        country = dims.country();
        device = dims.device();
        counts = new long[CountColumn.ALL.size()];
    }

    Dimensions dims() {
        return Dimensions.of(placement, country, device);
    }

    /** The counts, in {@link CountColumn} order, to add to. */
    long[] current() {
        if (counts == null) counts = new long[CountColumn.ALL.size()];
        else if (counts.length < CountColumn.ALL.size()) counts = Arrays.copyOf(counts, CountColumn.ALL.size());
        return counts;
    }

    Counts counts() {
        return Counts.of(current());
    }

    public String getPlacement() { return placement; }
    public void setPlacement(String placement) { this.placement = placement; }
    public String getCountry() { return country; }
    public void setCountry(String country) { this.country = country; }
    public String getDevice() { return device; }
    public void setDevice(String device) { this.device = device; }
    public long[] getCounts() { return counts; }
    public void setCounts(long[] counts) { this.counts = counts; }
}
