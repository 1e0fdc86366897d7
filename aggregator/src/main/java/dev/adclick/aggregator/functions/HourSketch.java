package dev.adclick.aggregator.functions;

import dev.adclick.core.reach.UniqueUsers;

/**
 * Reach-stage state of one (ad, hour): the serialized {@link UniqueUsers} sketch (compact HLL_4,
 * at most about 2 KiB at lgK 12, far less while sparse) and whether it changed since last emitted.
 * Bytes rather than the sketch object keep it a plain Flink POJO, the same in every state backend.
 */
public class HourSketch implements OpenWindowsFunction.Window {
    private byte[] sketch;
    private boolean dirty;

    public HourSketch() {}

    /** Adds the users of a serialized sketch (the union). */
    void add(byte[] users) {
        sketch = sketch == null ? users : UniqueUsers.fromBytes(sketch).merge(users).toBytes();
    }

    public byte[] getSketch() { return sketch; }
    public void setSketch(byte[] sketch) { this.sketch = sketch; }
    @Override public boolean isDirty() { return dirty; }
    @Override public void setDirty(boolean dirty) { this.dirty = dirty; }
}
