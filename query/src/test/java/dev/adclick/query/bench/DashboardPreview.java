package dev.adclick.query.bench;

import dev.adclick.core.count.Counts;
import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.AdCatalogLoader;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.query.QueryOptions;
import dev.adclick.query.QueryServer;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Manual preview, not a test: the dashboard on the demo catalogue (keys {@code demo-key-acme}, …,
 * admin {@code preview-admin}) over a store that receives made-up counts every second.
 * Argument: port (default 8081). Stop with Ctrl-C.
 */
public final class DashboardPreview {
    private static final long MINUTE = 60_000L;

    private DashboardPreview() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        Path dir = Files.createTempDirectory("adclick-preview");
        AdCatalog catalog = AdCatalogLoader.loadDefault();
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("preview.duckdb"));
             QueryServer server = QueryServer.start(QueryOptions.builder().port(port).adminKey("preview-admin").build(),
                     store, AdCatalogHolder.fixed(catalog))) {
            System.out.println("dashboard: http://127.0.0.1:" + server.port() + "/");
            SplittableRandom random = new SplittableRandom(1);
            long version = 1;
            long now = System.currentTimeMillis();
            List<MinuteCount> history = new ArrayList<>();
            for (long m = now / MINUTE * MINUTE - 60 * MINUTE; m < now; m += MINUTE) history.addAll(minute(catalog, m, random, version, 1.0));
            store.upsert(history);
            while (!Thread.currentThread().isInterrupted()) {
                now = System.currentTimeMillis();
                long m = now / MINUTE * MINUTE;
                double filled = (now - m) / (double) MINUTE; // the open minute grows as it fills
                store.upsert(minute(catalog, m, new SplittableRandom(m), ++version, filled));
                store.recordStatus("preview/0", new PipelineStatus(now - 1_500, now, version, 0, 0));
                Thread.sleep(1_000);
            }
        }
    }

    private static List<MinuteCount> minute(AdCatalog catalog, long m, SplittableRandom random, long version, double filled) {
        List<MinuteCount> rows = new ArrayList<>();
        int i = 0;
        for (Ad ad : catalog.ads()) {
            long clicks = Math.round((5 + (i++ % 4) * 6 + random.nextInt(8)) * filled);
            rows.add(new MinuteCount(ad.id(), m, new Counts(clicks, clicks * 3 / 4, random.nextInt(3) == 0 ? 1 : 0), version));
        }
        return rows;
    }
}
