package dev.adclick.store.duckdb;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.Bucket;
import dev.adclick.store.Granularity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readers keep their prepared statements (DuckDbConnections#prepared): a kept statement must
 * answer from the data as it is when it runs, not as it was when it was prepared, and dropping the
 * least recently used ones must not break the reads that prepare them again.
 */
class DuckDbKeptStatementsTest {
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z
    private static final long MINUTE = 60_000L, HOUR = 60 * MINUTE;

    @TempDir
    Path dir;
    private DuckDbClickStore store;

    @BeforeEach
    void open() throws Exception {
        store = DuckDbClickStore.open(dir.resolve("kept.duckdb"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theSameReadAfterAWriteSeesTheWrite() throws Exception {
        // more rounds than readers, so every reader runs the kept statements at least once after a write
        for (int round = 1; round <= 10; round++) {
            store.upsert(List.of(new MinuteCount("ad-1", T0 + MINUTE, new Counts(round, round, 0), round)));
            store.upsertReach(List.of(HourReach.of("ad-1", T0, users(round), round)));
            assertThat(store.totals("ad-1", T0, T0 + HOUR).clicks()).isEqualTo(round);
            assertThat(store.series("ad-1", T0, T0 + HOUR, Granularity.MINUTE, DimensionFilter.NONE))
                    .containsExactly(new Bucket(T0 + MINUTE, new Counts(round, round, 0)));
            assertThat(store.reach(List.of("ad-1"), T0, T0 + HOUR).estimate()).isEqualTo(round);
        }
    }

    @Test
    void readsStayRightWhenMoreTextsThanAreKeptTakeTurns() throws Exception {
        List<String> ads = new ArrayList<>();
        List<MinuteCount> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ads.add("ad-" + i);
            rows.add(new MinuteCount("ad-" + i, T0, new Counts(1, 1, 0), 1));
        }
        store.upsert(rows);
        // a list of k ads is a statement of k parameters: 99 texts, more than a reader keeps, twice over
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 2; k <= 100; k++) {
                assertThat(store.totalsOf(ads.subList(0, k), T0, T0 + HOUR, DimensionFilter.NONE).clicks()).isEqualTo(k);
            }
        }
    }

    private static UniqueUsers users(int n) {
        UniqueUsers u = UniqueUsers.empty();
        for (int i = 0; i < n; i++) u.add("ip" + i, "ua");
        return u;
    }
}
