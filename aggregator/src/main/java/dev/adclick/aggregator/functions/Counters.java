package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.StoreRecord;
import org.apache.flink.util.OutputTag;

/** The side output on which functions send counter increments to the store sink. */
public final class Counters {
    public static final OutputTag<StoreRecord> TAG = new OutputTag<>("counters") {};

    private Counters() {}
}
