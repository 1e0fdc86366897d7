package dev.adclick.store;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.UniqueUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;

/** The store under test and the row helpers of the contract suite ({@link ClickStoreContractTest}). */
public abstract class StoreContractBase {
    protected static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    protected static final long MINUTE = 60_000L;
    protected static final long HOUR = 60 * MINUTE;

    protected ClickStore store;

    /** A new, empty store of the backend under test. */
    protected abstract ClickStore openEmptyStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openEmptyStore();
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    /** A total row (all dimensions {@code *}). */
    protected static MinuteCount row(String ad, long minute, long clicks, long verified, long suspicious, long version) {
        return new MinuteCount(ad, minute, new Counts(clicks, verified, suspicious), version);
    }

    protected static MinuteCount impressionRow(String ad, long minute, long clicks, long served, long rendered, long version) {
        return new MinuteCount(ad, minute, new Counts(clicks, 0, 0, served, rendered), version);
    }

    protected static UniqueUsers users(int from, int to) {
        UniqueUsers u = UniqueUsers.empty();
        for (int i = from; i < to; i++) u.add("ip" + i, "ua");
        return u;
    }
}
