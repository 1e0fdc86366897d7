package dev.adclick.reconcile.store;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.MinuteRows;
import dev.adclick.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link StackRows} against {@link TestingStackServer}. */
class StackRowsTest {
    static final long M = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    TestingStackServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestingStackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readsRowsOfTheRangeOnly() throws Exception {
        server.put(new MinuteCount("ad-1", M, new Counts(3, 2, 1), 10));
        server.put(new MinuteCount("ad-1", M + 3_600_000, new Counts(9, 9, 0), 10));
        try (MinuteRows store = new StackRowsBackend(TestingStackServer.ADMIN_KEY).openRows(server.location())) {
            assertThat(store.rows(M, M + 3_600_000)).containsExactly(new MinuteCount("ad-1", M, new Counts(3, 2, 1), 10));
        }
    }

    @Test
    void writesInBatchesAndKeepsTheVersionRule() throws Exception {
        List<MinuteCount> rows = new ArrayList<>();
        long v = WriteVersions.reconciled(M);
        for (int i = 0; i < StackRows.BATCH + 5; i++) rows.add(new MinuteCount("ad-" + i, M, new Counts(1, 0, 0), v));
        try (MinuteRows store = new StackRowsBackend(TestingStackServer.ADMIN_KEY).openRows(server.location() + "/")) {
            store.upsert(rows);
            store.upsert(List.of(new MinuteCount("ad-0", M, new Counts(7, 7, 0), WriteVersions.stream(M))));
            assertThat(server.posts.get()).isEqualTo(3);
            assertThat(store.rows(M, M + 60_000)).hasSize(rows.size()).contains(rows.get(0));
        }
    }

    @Test
    void totalAndBreakdownRowsRoundTripWithTheirDimensions() throws Exception {
        long v = WriteVersions.reconciled(M);
        List<MinuteCount> rows = List.of(
                new MinuteCount("ad-1", M, Dimensions.TOTAL, new Counts(3, 2, 1, 9, 4), v),
                new MinuteCount("ad-1", M, new Dimensions("top", "DE", "mobile"), new Counts(2, 2, 0, 5, 4), v),
                new MinuteCount("ad-1", M, Dimensions.UNKNOWN, new Counts(1, 0, 1, 4, 0), v));
        try (MinuteRows store = StackRows.open(server.location(), TestingStackServer.ADMIN_KEY)) {
            store.upsert(rows);
            assertThat(store.rows(M, M + 60_000)).containsExactlyInAnyOrderElementsOf(rows);
        }
        // "*" marks the total row on the wire, as the query server's admin rows do
        assertThat(server.all()).filteredOn(m -> m.dims().isTotal()).singleElement()
                .satisfies(m -> assertThat(m.dims().placement()).isEqualTo("*"));
    }

    @Test
    void aPostNeverSplitsAKeysRows() throws Exception {
        long v = WriteVersions.reconciled(M);
        List<MinuteCount> rows = new ArrayList<>();
        for (int i = 0; i < StackRows.BATCH - 1; i++) rows.add(new MinuteCount("ad-" + i, M, new Counts(0, 0, 0), v));
        // this key's three rows would straddle the first POST's end
        rows.add(new MinuteCount("ad-x", M, Dimensions.TOTAL, new Counts(2, 0, 0), v));
        rows.add(new MinuteCount("ad-x", M, new Dimensions("top", "DE", "mobile"), new Counts(1, 0, 0), v));
        rows.add(new MinuteCount("ad-x", M, new Dimensions("side", "DE", "mobile"), new Counts(1, 0, 0), v));
        try (MinuteRows store = StackRows.open(server.location(), TestingStackServer.ADMIN_KEY)) {
            store.upsert(rows);
        }
        assertThat(server.postedKeys).hasSize(2);
        assertThat(server.postedKeys.get(0)).hasSize(StackRows.BATCH - 1).doesNotContain("ad-x|" + Instant.ofEpochMilli(M));
        assertThat(server.postedKeys.get(1)).containsExactly("ad-x|" + Instant.ofEpochMilli(M), "ad-x|" + Instant.ofEpochMilli(M),
                "ad-x|" + Instant.ofEpochMilli(M));
    }

    @Test
    void aStackWithoutBreakdownRowsIsRefusedBeforeAnyWrite() throws Exception {
        server.put(new MinuteCount("ad-1", M, new Counts(3, 2, 1), 10));
        server.legacy = true;
        try (MinuteRows store = StackRows.open(server.location(), TestingStackServer.ADMIN_KEY)) {
            assertThatThrownBy(() -> store.rows(M, M + 60_000)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without \"placement\"").hasMessageContaining("predates breakdown rows");
        }
        assertThat(server.posts.get()).isZero();
    }

    @Test
    void wrongAdminKeyIsExplained() {
        try (MinuteRows store = StackRows.open(server.location(), "wrong")) {
            assertThatThrownBy(() -> store.rows(M, M + 60_000)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refused the admin key (HTTP 403)").hasMessageContaining("ADCLICK_ADMIN_KEY");
        }
    }

    @Test
    void missingAdminKeyIsRejectedUpFront() {
        assertThatThrownBy(() -> StackRows.open(server.location(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ADCLICK_ADMIN_KEY");
    }

    @Test
    void stackNotRunningIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (MinuteRows store = StackRows.open("adclick+http://127.0.0.1:" + port, "k")) {
            assertThatThrownBy(() -> store.rows(M, M + 60_000)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot reach the adclick stack").hasMessageContaining("./adclick run");
        }
    }

    @Test
    void statusComesFromFreshness() throws Exception {
        try (MinuteRows store = StackRows.open(server.location(), TestingStackServer.ADMIN_KEY)) {
            assertThat(store.status(1000)).isEmpty();
            server.watermark = "2026-11-27T10:30:00Z";
            assertThat(store.status(1000)).hasValueSatisfying(s -> assertThat(s.watermark()).isEqualTo(M + 1_800_000));
        }
    }
}
