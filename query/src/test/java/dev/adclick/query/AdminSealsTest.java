package dev.adclick.query;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.store.PeriodSeal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /api/v1/admin/seals}: reconciliation in another process seals the period it
 * corrected (docs/architecture.md, store tables, Sealed periods), in the format reconcile's
 * {@code StackRows} sends, and the store behind the server then refuses the stream's writes to it.
 */
class AdminSealsTest extends QueryTestBase {
    private static final long RECONCILED = WriteVersions.reconciled(1_000);
    private static final long STREAM = WriteVersions.stream(500);

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws Exception {
        start(dir, defaultKeys(), b -> b);
        store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(3, 3, 0), STREAM)));
    }

    @AfterEach
    void stopServer() {
        stop();
    }

    private static String seal(long from, long to, long version) {
        return new JsonObject().put("rows", new JsonArray().add(new JsonObject().put("from", iso(from)).put("to", iso(to)).put("version", version)))
                .encode();
    }

    @Test
    void adminSealsAPeriodThatTheStreamThenCannotChange() throws Exception {
        Answer a = post("/api/v1/admin/seals", ADMIN_KEY, seal(T0, T0 + HOUR, RECONCILED));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().getLong("written")).isEqualTo(1);
        assertThat(store.seals(T0, T0 + HOUR)).containsExactly(new PeriodSeal(T0, T0 + HOUR, RECONCILED));
        Answer read = get("/api/v1/admin/seals?" + range(T0 - HOUR, T0 + 2 * HOUR), ADMIN_KEY);
        assertThat(read.json().getJsonArray("rows")).containsExactly(
                new JsonObject().put("from", iso(T0)).put("to", iso(T0 + HOUR)).put("version", RECONCILED));

        store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(9, 9, 0), WriteVersions.stream(600)),
                new MinuteCount("ad-1", T0 + HOUR, new Counts(2, 2, 0), WriteVersions.stream(600))));
        assertThat(store.rows(T0, T0 + 2 * HOUR)).containsExactly(new MinuteCount("ad-1", T0, new Counts(3, 3, 0), STREAM),
                new MinuteCount("ad-1", T0 + HOUR, new Counts(2, 2, 0), WriteVersions.stream(600)));
    }

    @Test
    void onlyTheAdminSealsAndOnlyWithAReconciledVersionAndAPeriod() throws Exception {
        assertThat(post("/api/v1/admin/seals", ACME_KEY, seal(T0, T0 + HOUR, RECONCILED)).status()).isEqualTo(403);
        assertThat(get("/api/v1/admin/seals?" + range(T0, T0 + HOUR), ACME_KEY).status()).isEqualTo(403);
        Answer stream = post("/api/v1/admin/seals", ADMIN_KEY, seal(T0, T0 + HOUR, STREAM));
        assertThat(stream.status()).isEqualTo(400);
        assertThat(stream.error()).contains("not a reconciliation version");
        assertThat(post("/api/v1/admin/seals", ADMIN_KEY, seal(T0, T0, RECONCILED)).status()).isEqualTo(400);
        assertThat(store.seals(T0 - HOUR, T0 + 2 * HOUR)).isEmpty();
    }
}
